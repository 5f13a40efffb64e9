local out = {}
for _, a in ipairs(db:list_scalar_attributes('Farm')) do out[#out + 1] = a.name end
out.vectors = db:list_vector_groups('Farm')
out.series = db:get_time_series_metadata('Farm', 'weather')
out.text = db:describe()
out.json = {1, 2.5, 'x', true, {k = 'v'}}
return out
