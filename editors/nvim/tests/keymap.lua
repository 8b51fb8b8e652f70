-- Scenario: `K` on a model shows the server's hover card in a float (0.7-0.9 map no LSP keys),
-- and a K the user mapped stays theirs.
--
-- The first config gets the plugin's buffer-local K; pressing it (real keys, nvim_feedkeys)
-- opens Neovim's hover float, whose lines are what the user reads. Then the user maps K
-- globally and a config in another root attaches: the plugin must not map over it.
local H = require("helpers")

local function float_lines()
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= "" then
      return vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false)
    end
  end
  return nil
end

local function mapping(bufnr)
  local found = {}
  vim.api.nvim_buf_call(bufnr, function()
    found = vim.fn.maparg("K", "n", false, true)
  end)
  return { buffer = found.buffer or vim.NIL, rhs = found.rhs or vim.NIL, desc = found.desc or vim.NIL }
end

H.run(function()
  H.setup()
  local bufnr = H.open("root1/.model-forge/config.yaml", {
    "providers:",
    "  openai:",
    "    llm_type: openai_compatible",
    "    models:",
    "      gpt-4o-mini:",
  })
  H.wait_attached(bufnr)
  local ours = mapping(bufnr)
  local lnum, line = H.line_of(bufnr, "gpt-4o-mini:")
  vim.api.nvim_win_set_cursor(0, { lnum + 1, line:find("gpt", 1, true) + 1 })
  vim.api.nvim_feedkeys("K", "mt", false)
  -- the keys run once this script returns; then wait for the float
  H.poll(float_lines, function(lines)
    if lines == nil then
      error("no hover float opened after K")
    end
    vim.cmd("nnoremap K :echo 'mine'<CR>")
    local other = H.open("root2/.model-forge/config.yaml", { "providers: {}" })
    H.wait_attached(other)
    H.done({ ours = ours, float = lines, user = mapping(other) })
  end)
end)
