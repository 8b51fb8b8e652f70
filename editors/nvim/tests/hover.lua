-- Scenario: hover on a model shows its card, prices included: as aligned lines by default (the
-- float shows markdown tables raw), as a table once the user sets `hover.tables = true`.
local H = require("helpers")

local function hover_text(bufnr, lnum, character)
  local result = H.request(bufnr, "textDocument/hover", lnum, character)
  if result == nil or result == vim.NIL then
    error("hover answered nothing")
  end
  local contents = result.contents
  local text = type(contents) == "table" and (contents.value or vim.fn.json_encode(contents)) or tostring(contents)
  return text, type(contents) == "table" and contents.kind or vim.NIL
end

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
  local character = line:find("gpt", 1, true) + 2
  local text, kind = hover_text(bufnr, lnum, character)
  local settings = H.settings()
  settings.hover = { tables = true }
  H.setup({ settings = settings })
  local with_tables = H.wait_for("a hover with a table after setup()", function()
    local again = hover_text(bufnr, lnum, character)
    return again:find("|---", 1, true) and again or nil
  end)
  H.done({ kind = kind, text = text, with_tables = with_tables })
end)
