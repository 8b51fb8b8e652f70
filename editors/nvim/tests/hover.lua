-- Scenario: hover on a model shows its card, prices included.
local H = require("helpers")

H.run(function()
  H.setup()
  local bufnr = H.open(".model-forge/config.yaml", {
    "providers:",
    "  openai:",
    "    llm_type: openai_compatible",
    "    models:",
    "      gpt-4o-mini:",
  })
  H.wait_attached(bufnr)
  local lnum, line = H.line_of(bufnr, "gpt-4o-mini:")
  local result = H.request(bufnr, "textDocument/hover", lnum, line:find("gpt", 1, true) + 2)
  if result == nil or result == vim.NIL then
    error("hover answered nothing")
  end
  local contents = result.contents
  local text = type(contents) == "table" and (contents.value or vim.fn.json_encode(contents)) or tostring(contents)
  H.done({ kind = type(contents) == "table" and contents.kind or vim.NIL, text = text })
end)
