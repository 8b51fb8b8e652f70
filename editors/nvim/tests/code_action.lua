-- Scenario: a misspelt `llm_type: gogle` gets a quick fix, applied through :lua vim.lsp.buf.code_action().
--
-- Neovim's own code-action flow runs: it asks the server with the diagnostics on the line,
-- offers the actions through vim.ui.select (stubbed here to record them and pick the first,
-- as a user pressing 1 would) and applies the chosen edit to the buffer.
local H = require("helpers")

H.run(function()
  H.setup()
  local bufnr = H.open(".model-forge/config.yaml", {
    "providers:",
    "  google:",
    "    llm_type: gogle",
    "    auth_strategy: api_key",
    "    models:",
    "      gemini-2.5-flash: {}",
  })
  H.wait_attached(bufnr)
  local diagnostic = H.wait_for("an MF203 diagnostic", function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.code == "MF203" then
        return d
      end
    end
    return nil
  end)
  local offered = {}
  vim.ui.select = function(items, opts, on_choice)
    for _, item in ipairs(items) do
      table.insert(offered, opts.format_item and opts.format_item(item) or tostring(item))
    end
    on_choice(items[1], 1)
  end
  vim.api.nvim_win_set_cursor(0, { diagnostic.lnum + 1, diagnostic.col })
  vim.lsp.buf.code_action()
  local fixed = H.wait_for("the fix to change the line", function()
    local line = vim.api.nvim_buf_get_lines(bufnr, diagnostic.lnum, diagnostic.lnum + 1, false)[1]
    return line ~= "    llm_type: gogle" and line or nil
  end)
  local remaining = H.wait_for("the MF203 diagnostic to go", function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.code == "MF203" then
        return nil
      end
    end
    return vim.diagnostic.get(bufnr)
  end)
  local codes = {}
  for _, d in ipairs(remaining) do
    table.insert(codes, d.code)
  end
  H.done({ message = diagnostic.message, offered = offered, fixed = fixed, codes = codes })
end)
