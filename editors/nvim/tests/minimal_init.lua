-- Headless test init: this checkout's plugin and nothing else (run with `nvim --headless --clean`).
local tests = vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h")
local plugin_root = vim.fn.fnamemodify(tests, ":h")

vim.opt.runtimepath:prepend(plugin_root)
package.path = tests .. "/?.lua;" .. package.path
vim.opt.swapfile = false
vim.opt.shadafile = "NONE"
vim.opt.more = false

vim.cmd("runtime plugin/modelforge.lua")
