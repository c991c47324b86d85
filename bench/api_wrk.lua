-- wrk script for bench/api.py.
--
--   wrk ... -s bench/api_wrk.lua http://127.0.0.1:PORT/ -- PATHS_FILE
--
-- With a PATHS_FILE (one request path per line), each thread cycles through the paths, starting at its own
-- offset so the threads do not request the same path at the same moment; without one, every request goes
-- to the URL given on the command line. Headers come from wrk's -H flags (wrk.headers).
-- done() prints one line "ABDI_WRK_JSON {...}" with the count, duration and latency percentiles (µs).

local paths = nil
local count = 0
local pos = 0
local threads_seen = 0

function setup(thread)
  thread:set("thread_no", threads_seen)
  threads_seen = threads_seen + 1
end

function init(args)
  local file = args[1]
  if file ~= nil and file ~= "" then
    paths = {}
    for line in io.lines(file) do
      if line ~= "" then
        paths[#paths + 1] = line
      end
    end
    count = #paths
    if count == 0 then
      paths = nil
    else
      pos = ((thread_no or 0) * 7919) % count  -- thread_no: set by setup()
    end
  end
end

function request()
  if paths == nil then
    return wrk.format()
  end
  pos = pos % count + 1
  return wrk.format(nil, paths[pos])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "ABDI_WRK_JSON {\"requests\": %d, \"duration_us\": %d, \"bytes\": %d, " ..
    "\"errors\": {\"connect\": %d, \"read\": %d, \"write\": %d, \"status\": %d, \"timeout\": %d}, " ..
    "\"latency_us\": {\"p50\": %d, \"p90\": %d, \"p95\": %d, \"p99\": %d, \"max\": %d, \"mean\": %.1f}}\n",
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean))
end
