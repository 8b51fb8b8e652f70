-- Scenario: typing a model id and pressing <C-x><C-o> (omni completion) lists the server's models.
--
-- The keys go through Neovim's real input loop (nvim_feedkeys), so this is what a user gets:
-- 'omnifunc' as the plugin set it, the start column Neovim's LSP client computes, and the items
-- it keeps. Each case types on a line of the buffer below; H.poll watches the popup menu until
-- it has items (or the timeout), then the next case runs.
local H = require("helpers")

-- `line`: the (blank) line of the buffer below to type on, `indent`: what it holds first.
local cases = {
  { name = "gpt", line = 5, indent = "      ", typed = "gpt" },
  { name = "gpt-4o", line = 5, indent = "      ", typed = "gpt-4o" },
  { name = "gpt-4.1", line = 5, indent = "      ", typed = "gpt-4.1" },
  { name = "gpt-image", line = 5, indent = "      ", typed = "gpt-image" },
  { name = "api_model_name", line = 7, indent = "        ", typed = "api_model_name: gpt-4o-m" },
  { name = "openrouter", line = 11, indent = "      ", typed = "openai/gpt-4o" },
  { name = "field", line = 5, indent = "    ", typed = "base" },
  { name = "top_key", line = 13, indent = "", typed = "current" },
  { name = "enum", line = 3, indent = "    ", typed = "llm_type: olla" },
  -- accepted (<C-y>): the provider's whole block goes in, on lines of its own
  { name = "provider", line = 12, indent = "  ", typed = "anthrop", accept = true },
}

H.run(function()
  H.setup()
  local bufnr = H.open(".model-forge/config.yaml", {
    "providers:",
    "  openai:",
    "    llm_type: openai_compatible",
    "    models:",
    "",
    "      mine:",
    "",
    "  openrouter:",
    "    llm_type: openai_compatible",
    "    models:",
    "",
    "",
    "",
  })
  H.wait_attached(bufnr)
  local results = {}

  local function menu_items()
    local items = vim.fn.complete_info({ "items" }).items
    return #items > 0 and items or nil
  end

  local function run_case(index)
    local case = cases[index]
    if case == nil then
      H.done({ cases = results, omnifunc = vim.bo[bufnr].omnifunc })
      return
    end
    vim.api.nvim_buf_set_lines(bufnr, case.line - 1, case.line, false, { case.indent })
    vim.api.nvim_win_set_cursor(0, { case.line, 0 })
    local keys = vim.api.nvim_replace_termcodes("A" .. case.typed .. "<C-x><C-o>", true, false, true)
    vim.api.nvim_feedkeys(keys, "t", false)
    H.poll(menu_items, function(items)
      local words, kinds, menus, item_kinds = {}, {}, {}, {}
      for _, item in ipairs(items or {}) do
        table.insert(words, item.word)
        table.insert(menus, item.menu)
        table.insert(item_kinds, item.kind)
        kinds[item.kind] = true
      end
      results[case.name] = {
        words = words,
        menus = menus,
        item_kinds = item_kinds,
        kinds = vim.tbl_keys(kinds),
        mode = vim.fn.mode(),
        line = vim.api.nvim_get_current_line(),
      }
      -- close the menu (accept or cancel) and leave insert mode for the next case
      local close = case.accept and "<C-y><Esc>" or "<C-e><Esc>"
      vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(close, true, false, true), "t", false)
      vim.defer_fn(function()
        H.run(function()
          if case.accept then
            results[case.name].after = vim.api.nvim_buf_get_lines(bufnr, case.line - 1, -1, false)
          end
          run_case(index + 1)
        end)
      end, 100)
    end)
  end

  run_case(1)
end)
