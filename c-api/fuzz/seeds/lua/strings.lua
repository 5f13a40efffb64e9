local t = {}
for i = 1, 20 do t[#t + 1] = string.format('%d:%s', i, ('ab'):rep(i)) end
local s = table.concat(t, ',')
local co = coroutine.wrap(function(x) for w in s:gmatch('[^,]+') do coroutine.yield(#w + x) end end)
local sum = 0
for _ = 1, 5 do sum = sum + co(1) end
return {s:sub(1, 20), utf8.char(233, 8364), sum, math.floor(2^40 / 3), load('return 1 + 1')()}
