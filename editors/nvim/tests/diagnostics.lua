-- Scenario: diagnostics from the server land on the misspelled model's line (vim.diagnostic).
local H = require("helpers")

H.run(function()
  H.setup()
  local bufnr = H.open(".model-forge/config.yaml", {
    "# a project config with a typo in a model name",
    "providers:",
    "  openai:",
    "    llm_type: openai_compatible",
    "    models:",
    "      gpt-4o-mnii:",
    "current_model:",
    "  provider: openai",
    "  model: gpt-4o-mnii",
  })
  H.wait_attached(bufnr)
  local diagnostics = H.wait_for("an MF302 diagnostic", function()
    for _, diagnostic in ipairs(vim.diagnostic.get(bufnr)) do
      if diagnostic.code == "MF302" then
        return vim.diagnostic.get(bufnr)
      end
    end
    return nil
  end)
  local expected_lnum, line = H.line_of(bufnr, "gpt-4o-mnii:")
  local found = {}
  for _, d in ipairs(diagnostics) do
    table.insert(found, {
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
      code = d.code,
      source = d.source,
      severity = d.severity,
      message = d.message,
    })
  end
  H.done({
    diagnostics = found,
    model_lnum = expected_lnum,
    model_col = (line:find("gpt-4o-mnii", 1, true)) - 1,
    filetype = vim.bo[bufnr].filetype,
  })
end)
