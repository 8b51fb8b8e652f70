--- ModelForge for Neovim: runs `modelforge-lsp` for ModelForge config files.
---
--- A ModelForge config is `.model-forge/config.{yaml,yml,json}` in a project, or
--- `model-forge/config.{yaml,yml,json}` (the user config, `~/.config/model-forge/`). Only those
--- buffers get the server; every other yaml or json file is left alone. The buffers keep their
--- own filetype (yaml or json), so syntax highlighting and other yaml tools still apply.
---
--- One client runs per root, the directory that holds `.model-forge` (or `model-forge`). The
--- settings (docs/server.md, camelCase as on the wire) go to the server twice over, as the LSP
--- protocol offers: as `initializationOptions`, and as the `modelforge` section of the client's
--- `settings`, which Neovim's own `workspace/configuration` handler answers from.
---
--- Works on Neovim 0.7 and later: `vim.lsp.start` where it exists (0.8+), else
--- `vim.lsp.start_client` + `vim.lsp.buf_attach_client`. Newer APIs are used only behind
--- `vim.fn.has(...)` or existence checks.

local M = {}

--- The client's name: what `:LspInfo` and `vim.lsp.get_clients({ name = ... })` show.
M.name = "modelforge"

--- The autocmd patterns of ModelForge config files (full paths, so `*` spans directories).
M.patterns = {
  "*/.model-forge/config.yaml",
  "*/.model-forge/config.yml",
  "*/.model-forge/config.json",
  "*/model-forge/config.yaml",
  "*/model-forge/config.yml",
  "*/model-forge/config.json",
}

M.install_hint = "python3 -m pip install modelforge-lsp"

local defaults = {
  -- The server command (a list). nil: `modelforge-lsp` if executable, else `python3 -m modelforge_lsp`.
  cmd = nil,
  -- Environment for the server process (e.g. { MODELFORGE_OFFLINE = "1" }).
  cmd_env = nil,
  -- Server settings, as in docs/server.md: { catalog = { offline = true }, inlayHints = { ... } }.
  settings = {},
  -- Extra client capabilities, merged over vim.lsp.protocol.make_client_capabilities().
  capabilities = nil,
  -- function(client, bufnr), called when the server attaches to a buffer.
  on_attach = nil,
  -- Per-method handlers for this client only (see :h lsp-handler).
  handlers = nil,
  -- false: only define the commands; start nothing until require("modelforge").attach(bufnr).
  autostart = true,
  -- Normal-mode key for hover (vim.lsp.buf.hover) in ModelForge buffers, mapped buffer-locally
  -- on Neovim 0.7-0.9 (0.10+ maps K itself) unless K is mapped already. false: map nothing.
  hover_key = "K",
}

local config = vim.deepcopy(defaults)
local clients_by_root = {} -- root directory -> client id
local discovered_cmd = nil -- the command that worked, once found
local warned_missing = false -- the "server not found" error is shown once per setup()

local has_0_8 = vim.fn.has("nvim-0.8") == 1
local has_0_10 = vim.fn.has("nvim-0.10") == 1
local has_0_11 = vim.fn.has("nvim-0.11") == 1

-- Client methods are called `client.request(...)` up to 0.10 and `client:request(...)` from 0.11.
local function client_call(client, method, ...)
  if has_0_11 then
    return client[method](client, ...)
  end
  return client[method](...)
end

local function client_is_stopped(client)
  return client_call(client, "is_stopped")
end

-- Keys whose values are lists in the models.dev shape (`customProviders`); every other empty
-- table is a map. Neovim encodes `{}` as a JSON array, which the server rejects for a map.
local LIST_KEYS = { env = true, input = true, output = true }

local function to_wire(value, key)
  if type(value) ~= "table" then
    return value
  end
  if next(value) == nil then
    if LIST_KEYS[key] then
      return value
    end
    return vim.empty_dict()
  end
  local copy = {}
  for k, v in pairs(value) do
    copy[k] = to_wire(v, k)
  end
  return copy
end

local function notify(message, level)
  vim.notify("ModelForge: " .. message, level or vim.log.levels.INFO)
end

local function report_missing(reason)
  if warned_missing then
    return
  end
  warned_missing = true
  notify(
    reason
      .. ". Install the server with `"
      .. M.install_hint
      .. "` (it provides `modelforge-lsp`), or set `cmd` in require(\"modelforge\").setup({ cmd = { ... } }).",
    vim.log.levels.ERROR
  )
end

local function python_has_server(python)
  if vim.fn.executable(python) ~= 1 then
    return false
  end
  vim.fn.system({ python, "-c", "import modelforge_lsp" })
  return vim.v.shell_error == 0
end

--- The server command to run: `opts.cmd`, else `modelforge-lsp` if executable, else
--- `python3 -m modelforge_lsp` if that module is importable. nil (and one error) when none works.
function M.server_cmd()
  if config.cmd ~= nil then
    if type(config.cmd) == "function" then -- 0.10+: an RPC client factory
      return config.cmd
    end
    if type(config.cmd) ~= "table" or type(config.cmd[1]) ~= "string" then
      report_missing("`cmd` must be a list such as { \"modelforge-lsp\" }")
      return nil
    end
    if vim.fn.executable(config.cmd[1]) ~= 1 then
      report_missing(string.format("the server command `%s` is not executable", config.cmd[1]))
      return nil
    end
    return config.cmd
  end
  if discovered_cmd then
    return discovered_cmd
  end
  if vim.fn.executable("modelforge-lsp") == 1 then
    discovered_cmd = { "modelforge-lsp" }
  elseif python_has_server("python3") then
    discovered_cmd = { "python3", "-m", "modelforge_lsp" }
  else
    report_missing("cannot find the language server (no `modelforge-lsp` on PATH, no `python3 -m modelforge_lsp`)")
  end
  return discovered_cmd
end

--- The root of a ModelForge config file: the directory holding its `.model-forge` (or
--- `model-forge`) folder. nil for any other file. Takes a path or a buffer number.
function M.root_dir(target)
  local path = target
  if type(target) == "number" then
    if vim.bo[target].buftype ~= "" then
      return nil
    end
    path = vim.api.nvim_buf_get_name(target)
  end
  if type(path) ~= "string" or path == "" or path:find("^%a[%w+.-]*://") then
    return nil
  end
  path = vim.fn.fnamemodify(path, ":p")
  local file = vim.fn.fnamemodify(path, ":t")
  local folder = vim.fn.fnamemodify(path, ":h:t")
  if not (file == "config.yaml" or file == "config.yml" or file == "config.json") then
    return nil
  end
  if folder ~= ".model-forge" and folder ~= "model-forge" then
    return nil
  end
  return vim.fn.fnamemodify(path, ":h:h")
end

-- Neovim's hover float renders markdown but shows its tables as typed (`|---|---:|`), so the
-- server is asked for aligned lines instead, unless the user chose (settings.hover.tables).
local function server_settings()
  local settings = vim.deepcopy(config.settings or {})
  if type(settings.hover) ~= "table" then
    settings.hover = {}
  end
  if settings.hover.tables == nil then
    settings.hover.tables = false
  end
  return to_wire(settings)
end

-- 0.7-0.9 map no LSP keys, so `K` runs 'keywordprg' (`man`): map it to hover for this buffer,
-- unless the user mapped K (in the buffer or globally) or asked for no key (hover_key = false).
local function map_hover(bufnr)
  local key = config.hover_key
  if has_0_10 or not key or key == "" then
    return
  end
  vim.api.nvim_buf_call(bufnr, function()
    if next(vim.fn.maparg(key, "n", false, true)) ~= nil then -- a table even for Lua callbacks
      return
    end
    vim.keymap.set("n", key, vim.lsp.buf.hover, { buffer = bufnr, desc = "ModelForge: hover" })
  end)
end

-- Omni completion inserts a word on one line: accepting a provider, whose item inserts the
-- whole block (`anthropic:` with its `llm_type:`, `models:` ... lines), leaves NULs where the
-- line breaks go. Split the line there once the item is accepted, cursor where it stood.
local function split_inserted_lines(bufnr)
  local word = vim.v.completed_item and vim.v.completed_item.word
  if type(word) ~= "string" or not word:find("\n", 1, true) then
    return
  end
  local row, col = unpack(vim.api.nvim_win_get_cursor(0))
  local line = vim.api.nvim_buf_get_lines(bufnr, row - 1, row, false)[1] or ""
  if not line:find("\0", 1, true) then
    return
  end
  local lines = vim.split(line, "\0", true)
  local before = vim.split(line:sub(1, col), "\0", true)
  vim.api.nvim_buf_set_lines(bufnr, row - 1, row, false, lines)
  vim.api.nvim_win_set_cursor(0, { row + #before - 1, #before[#before] })
end

local function on_complete_done(bufnr)
  local group = vim.api.nvim_create_augroup("modelforge_buffer_" .. bufnr, { clear = true })
  vim.api.nvim_create_autocmd("CompleteDone", {
    group = group,
    buffer = bufnr,
    desc = "ModelForge: lay out a multi-line completion",
    callback = function()
      split_inserted_lines(bufnr)
    end,
  })
end

local function client_config(root, cmd)
  local settings = server_settings()
  -- Neovim answers `workspace/configuration` from `settings`, but 0.7 does not say so in its
  -- capabilities, and the server asks only clients that do.
  local capabilities = vim.tbl_deep_extend(
    "force",
    vim.lsp.protocol.make_client_capabilities(),
    { workspace = { configuration = true } }
  )
  if config.capabilities then
    capabilities = vim.tbl_deep_extend("force", capabilities, config.capabilities)
  end
  return {
    name = M.name,
    cmd = cmd,
    cmd_env = config.cmd_env,
    root_dir = root,
    init_options = settings,
    settings = { [M.name] = settings },
    capabilities = capabilities,
    handlers = config.handlers,
    on_attach = function(client, bufnr)
      -- 0.8+ sets 'omnifunc' for LSP buffers itself; 0.7 leaves it to the user.
      if not has_0_8 and vim.bo[bufnr].omnifunc == "" then
        vim.bo[bufnr].omnifunc = "v:lua.vim.lsp.omnifunc"
      end
      map_hover(bufnr)
      on_complete_done(bufnr)
      if config.on_attach then
        config.on_attach(client, bufnr)
      end
    end,
    on_exit = function(_, _, client_id)
      if clients_by_root[root] == client_id then
        clients_by_root[root] = nil
      end
    end,
  }
end

local function live_client_id(root)
  local id = clients_by_root[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if client and not client_is_stopped(client) then
    return id
  end
  clients_by_root[root] = nil
  return nil
end

--- Attach the ModelForge server to `bufnr` (default: current buffer) if it is a ModelForge config
--- file, starting one client for its root if none runs yet. Returns the client id, or nil.
function M.attach(bufnr)
  if bufnr == nil or bufnr == 0 then
    bufnr = vim.api.nvim_get_current_buf()
  end
  local root = M.root_dir(bufnr)
  if root == nil then
    return nil
  end
  local id = live_client_id(root)
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
    return id
  end
  local cmd = M.server_cmd()
  if cmd == nil then
    return nil
  end
  local client_cfg = client_config(root, cmd)
  if has_0_8 then
    -- 0.8 and 0.9 attach vim.lsp.start's client to the current buffer; 0.10+ read opts.bufnr.
    vim.api.nvim_buf_call(bufnr, function()
      id = vim.lsp.start(client_cfg, { bufnr = bufnr })
    end)
  else
    id = vim.lsp.start_client(client_cfg)
    if id then
      vim.lsp.buf_attach_client(bufnr, id)
    end
  end
  clients_by_root[root] = id
  return id
end

--- The ModelForge clients, all or those attached to `bufnr`.
function M.clients(bufnr)
  if has_0_10 then
    return vim.lsp.get_clients({ name = M.name, bufnr = bufnr })
  end
  local found = {}
  for _, client in pairs(vim.lsp.get_active_clients()) do
    if client.name == M.name and (bufnr == nil or vim.lsp.buf_is_attached(bufnr, client.id)) then
      table.insert(found, client)
    end
  end
  return found
end

--- The client to send a command to: the current buffer's, else any running one.
local function command_client()
  return M.clients(vim.api.nvim_get_current_buf())[1] or M.clients()[1]
end

--- Run a server command (`workspace/executeCommand`) and call `callback(err, result)`.
function M.execute(command, callback)
  local client = command_client()
  if client == nil then
    callback("no ModelForge server is running; open a .model-forge/config.yaml first", nil)
    return
  end
  local params = { command = command, arguments = {} }
  client_call(client, "request", "workspace/executeCommand", params, function(err, result)
    callback(err and (err.message or vim.inspect(err)) or nil, result)
  end, vim.api.nvim_get_current_buf())
end

-- JSON null arrives as nil or vim.NIL depending on the Neovim version.
local function present(value)
  return value ~= nil and value ~= vim.NIL
end

local function summary(result)
  local catalog = type(result.catalog) == "table" and result.catalog or {}
  local lines = {
    string.format(
      "server %s, %s open document(s), %s custom provider(s)",
      tostring(result.version),
      tostring(result.documents),
      tostring(result.customProviders)
    ),
    string.format(
      "catalog: %s (%s providers, %s models)",
      present(catalog.description) and catalog.description or "none",
      tostring(catalog.providers),
      tostring(catalog.models)
    ),
  }
  if type(result.settings) == "table" then
    local settings = result.settings
    local cache = type(result.cache) == "table" and result.cache or {}
    local cache_state = tostring(cache.freshness)
    if present(cache.age) then
      cache_state = cache_state .. ", " .. cache.age .. " old"
    end
    table.insert(
      lines,
      string.format(
        "source: %s (ttl %ss, offline %s, enabled %s)",
        tostring(settings.url),
        tostring(settings.ttlSeconds),
        tostring(settings.offline),
        tostring(settings.enabled)
      )
    )
    table.insert(lines, string.format("cache: %s (%s)", tostring(settings.cacheDir), cache_state))
  end
  if present(result.lastRefreshError) then
    table.insert(lines, "last refresh error: " .. tostring(result.lastRefreshError))
  end
  return table.concat(lines, "\n")
end

--- `:ModelForgeStatus`: show where the catalog comes from and how fresh it is.
--- `callback(err, result)`, if given, also receives the raw `modelforge.catalogStatus` answer.
function M.status(callback)
  M.execute("modelforge.catalogStatus", function(err, result)
    if err or type(result) ~= "table" then
      notify("status failed: " .. tostring(err or "empty answer"), vim.log.levels.ERROR)
    else
      notify(summary(result))
    end
    if callback then
      callback(err, result)
    end
  end)
end

--- `:ModelForgeRefresh`: fetch models.dev now and say what happened.
--- `callback(err, result)`, if given, also receives the raw `modelforge.refreshCatalog` answer.
function M.refresh(callback)
  notify("refreshing the model catalog…")
  M.execute("modelforge.refreshCatalog", function(err, result)
    if err or type(result) ~= "table" then
      notify("refresh failed: " .. tostring(err or "empty answer"), vim.log.levels.ERROR)
    elseif result.status == "failed" then
      notify("catalog refresh failed: " .. tostring(result.error), vim.log.levels.WARN)
    else
      notify(
        string.format(
          "catalog %s (%s, %s providers, %s models)",
          tostring(result.status),
          tostring(result.origin),
          tostring(result.providers),
          tostring(result.models)
        )
      )
    end
    if callback then
      callback(err, result)
    end
  end)
end

--- Configure the plugin and start the server for ModelForge config files (see :h modelforge).
--- Calling it again replaces the options and sends the new settings to running servers.
function M.setup(opts)
  if opts ~= nil and type(opts) ~= "table" then
    error("modelforge.setup: expected a table of options, got " .. type(opts), 2)
  end
  config = vim.tbl_deep_extend("force", vim.deepcopy(defaults), opts or {})
  if opts and opts.settings then
    config.settings = opts.settings -- replaced whole: a deep merge could not remove a key
  end
  discovered_cmd, warned_missing = nil, false

  local settings = { [M.name] = server_settings() }
  for _, client in ipairs(M.clients()) do
    client.config.settings = settings
    if client.settings ~= nil then -- 0.10+ answers workspace/configuration from here
      client.settings = settings
    end
    client_call(client, "notify", "workspace/didChangeConfiguration", { settings = settings })
  end

  local group = vim.api.nvim_create_augroup("modelforge", { clear = true })
  if not config.autostart then
    return
  end
  vim.api.nvim_create_autocmd({ "BufReadPost", "BufNewFile" }, {
    group = group,
    pattern = M.patterns,
    desc = "Start the ModelForge language server",
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  -- Buffers opened before setup() ran (a lazily loaded plugin) get the server too.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and M.root_dir(bufnr) then
      M.attach(bufnr)
    end
  end
end

return M
