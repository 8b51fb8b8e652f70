-- ModelForge commands. The server starts only after require("modelforge").setup({...}).
if vim.g.loaded_modelforge then
  return
end
vim.g.loaded_modelforge = true

if vim.fn.has("nvim-0.7") == 0 then
  vim.api.nvim_err_writeln("modelforge: Neovim 0.7 or later is required")
  return
end

vim.api.nvim_create_user_command("ModelForgeRefresh", function()
  require("modelforge").refresh()
end, { nargs = 0, desc = "ModelForge: fetch the models.dev catalog now" })

vim.api.nvim_create_user_command("ModelForgeStatus", function()
  require("modelforge").status()
end, { nargs = 0, desc = "ModelForge: show the catalog source, age and cache" })
