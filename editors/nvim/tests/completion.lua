-- Scenario: completion under a provider's `models:` offers that provider's models only.
local H = require("helpers")

H.run(function()
  H.setup()
  local bufnr = H.open(".model-forge/config.yaml", {
    "providers:",
    "  anthropic:",
    "    llm_type: openai_compatible",
    "    models:",
    "      claude-sonnet-4-5:",
    "  openai:",
    "    llm_type: openai_compatible",
    "    models:",
    "      gpt-4o-m",
  })
  H.wait_attached(bufnr)
  local lnum, line = H.line_of(bufnr, "gpt-4o-m")
  local result = H.request(bufnr, "textDocument/completion", lnum, #line)
  local items = result.items or result -- CompletionList or CompletionItem[]
  local labels, providers = {}, {}
  for _, item in ipairs(items) do
    table.insert(labels, item.label)
    if type(item.data) == "table" and item.data.provider then
      providers[item.data.provider] = true
    end
  end
  H.done({
    labels = labels,
    providers = vim.tbl_keys(providers),
    is_incomplete = result.isIncomplete == true,
    first_detail = items[1] and items[1].detail or vim.NIL,
    omnifunc = vim.bo[bufnr].omnifunc,
  })
end)
