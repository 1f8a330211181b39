-- wrk script for the serving benchmark (bench/serving/run.sh): every request POSTs the same JSON body, read once
-- from the file named by WRK_BODY, so wrk builds the request once and spends no Lua time per request.
-- At the end it prints one machine-readable line (latencies in microseconds) next to wrk's own --latency output.
local path = assert(os.getenv("WRK_BODY"), "set WRK_BODY to the request body's file")
local file = assert(io.open(path, "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
-- run.sh's --auth: the Authorization header (e.g. "Bearer crc_...") from the environment, so no secret is on wrk's command line.
local authorization = os.getenv("WRK_AUTHORIZATION")
if authorization ~= nil and authorization ~= "" then
  wrk.headers["Authorization"] = authorization
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK_RESULT requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.1f non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    e.status, e.connect, e.read, e.write, e.timeout))
end
