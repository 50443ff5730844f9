-- wrk script: a mixed load of backward/forward traces, head reports and model comparisons over the demo corpus.
-- The sentence ids come from bench/api-sids.txt (one per line), written by bench/api-load.sh.
-- Usage: wrk -t4 -c16 -d30s --latency -s bench/api-mixed.lua http://127.0.0.1:8080

local sids = {}
for line in io.lines("bench/api-sids.txt") do
  if #line > 0 then sids[#sids + 1] = line end
end

local a, b = "bge-small-en-v1.5", "bge-small-en"
local token = os.getenv("ATTNFLOW_TOKEN")
local counter = 0

request = function()
  counter = counter + 1
  local sid = sids[(counter % #sids) + 1]
  local kind = counter % 5
  local path
  if kind == 0 then
    path = "/api/models/" .. a .. "/sentences/" .. sid .. "/trace?tau=0.1"
  elseif kind == 1 then
    path = "/api/models/" .. b .. "/sentences/" .. sid .. "/trace?tau=0.05&direction=backward"
  elseif kind == 2 then
    path = "/api/models/" .. a .. "/sentences/" .. sid .. "/trace?tau=0.1&direction=forward&tokens=1"
  elseif kind == 3 then
    path = "/api/models/" .. a .. "/sentences/" .. sid .. "/heads?tau=0.1"
  else
    path = "/api/compare?modelA=" .. b .. "&modelB=" .. a .. "&sid=" .. sid .. "&tau=0.1"
  end
  local headers = {}
  if token then headers["Authorization"] = "Bearer " .. token end
  return wrk.format("GET", path, headers)
end

local errors = 0
response = function(status, headers, body)
  if status ~= 200 then
    errors = errors + 1
    if errors <= 5 then io.stderr:write("HTTP " .. status .. ": " .. string.sub(body, 1, 200) .. "\n") end
  end
end
