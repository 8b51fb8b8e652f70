-- Scenario: which buffers get the server, and one client per root.
local H = require("helpers")

-- Any LSP client at all on the buffer, not only ours.
local function any_client(bufnr)
  if vim.lsp.get_clients then
    return #vim.lsp.get_clients({ bufnr = bufnr }) > 0
  end
  return next(vim.lsp.buf_get_clients(bufnr)) ~= nil
end

H.run(function()
  H.setup()
  local mf = require("modelforge")
  local files = {
    { name = "root1_yaml", path = "root1/.model-forge/config.yaml", lines = { "providers: {}" } },
    { name = "root1_yml", path = "root1/.model-forge/config.yml", lines = { "providers: {}" } },
    { name = "plain_yaml", path = "root1/notes.yaml", lines = { "providers: {}" } },
    { name = "config_outside", path = "root1/config.yaml", lines = { "providers: {}" } },
    { name = "lookalike_dir", path = "root1/not-model-forge/config.yaml", lines = { "providers: {}" } },
    { name = "other_name", path = "root1/.model-forge/settings.yaml", lines = { "providers: {}" } },
    { name = "root2_json", path = "root2/.model-forge/config.json", lines = { '{"providers": {}}' } },
    { name = "user_config", path = "xdg/model-forge/config.yaml", lines = { "providers: {}" } },
  }
  local buffers = {}
  for _, file in ipairs(files) do
    buffers[file.name] = { H.open(file.path, file.lines) }
  end
  -- Every ModelForge buffer attaches (waited for); the others were decided by the time they
  -- were opened, before these waits, so their state is final.
  for _, name in ipairs({ "root1_yaml", "root1_yml", "root2_json", "user_config" }) do
    H.wait_attached(buffers[name][1])
  end
  local facts = { files = {}, workdir = vim.fn.fnamemodify(H.env("MODELFORGE_NVIM_WORKDIR"), ":p") }
  for _, file in ipairs(files) do
    local bufnr, path = unpack(buffers[file.name])
    local attached = {}
    for _, client in ipairs(mf.clients(bufnr)) do
      table.insert(attached, { id = client.id, root_dir = client.config.root_dir, cmd = client.config.cmd })
    end
    facts.files[file.name] = {
      path = path,
      filetype = vim.bo[bufnr].filetype,
      attached = attached,
      any_client = any_client(bufnr),
    }
  end
  facts.client_count = #mf.clients()
  H.done(facts)
end)
