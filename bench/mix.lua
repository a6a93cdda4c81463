-- wrk script for the load run: cycle through the read endpoints. The paths come from the
-- environment (bench/load_run.py sets them from the stack table and the post it created).
local paths = {
  os.getenv("BENCH_API_PREFIX") .. "/posts?limit=20",
  os.getenv("BENCH_API_PREFIX") .. "/posts/" .. os.getenv("BENCH_POST_ID"),
  os.getenv("BENCH_LIVENESS_PATH"),
}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[counter % #paths + 1])
end
