-- Scenario: the server command is found on PATH (or not, with one clear error).
-- Run with PATH set by the test, and MODELFORGE_NVIM_SERVER empty (discover) or a bad command.
-- A missing server is reported synchronously while the buffer opens; otherwise both attach.
local H = require("helpers")

H.run(function()
  local messages = H.capture_notify()
  H.setup()
  local first = H.open("a/.model-forge/config.yaml", { "providers: {}" })
  local second = H.open("b/.model-forge/config.yaml", { "providers: {}" })
  local facts = { messages = messages }
  if #messages == 0 then
    facts.cmd = H.wait_attached(first).config.cmd
    facts.second_cmd = H.wait_attached(second).config.cmd
  end
  facts.client_count = #require("modelforge").clients()
  H.done(facts)
end)
