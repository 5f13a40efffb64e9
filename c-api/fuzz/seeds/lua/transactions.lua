db:transaction(function(d) d:create_element('Farm', {label = 'T1'}) end)
local ok = pcall(function() db:transaction(function(d) d:create_element('Farm', {label = 'T1'}) end) end)
db:begin_transaction()
db:create_element('Barn', {label = 'B9', farm_id = 1})
db:rollback()
local n = db:dry_run(function(d) d:delete_element('Farm', 1) return d:number_of_elements('Farm') end)
return {ok, n, db:in_transaction(), db:query_integer('SELECT count(*) FROM Farm WHERE id > ?', {0})}
