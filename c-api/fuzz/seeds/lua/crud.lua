local id = db:create_element('Farm', {label = 'L1', area = 2.5, hectares = 4, crop = {'corn', 'rye'}, crop_yield = {1.0, 2.0}, harvest_count = {1, 2}})
db:update_element('Farm', id, {owner = 'Ann', area = 3.0})
local s = db:read_scalar_strings('Farm', 'label')
local v = db:read_vector_floats_by_id('Farm', 'crop_yield', id)
db:update_time_series_group('Farm', 'weather', id, {date_time = {'2024-01-01T00:00:00', '2024-01-02T00:00:00'}, rain = {0.5, 1.5}})
local ts = db:read_time_series_group('Farm', 'weather', id)
db:delete_element('Farm', id)
return {s, v, ts}
