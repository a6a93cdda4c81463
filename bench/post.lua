-- wrk script: create posts with unique titles. The -H headers (the token) stay in wrk.headers.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local counter = 0
request = function()
  counter = counter + 1
  local body = string.format('{"title": "bench %d %d", "body": "load"}', counter, math.random(1, 1e9))
  return wrk.format(nil, nil, nil, body)
end
