--- Shared by the headless scenarios (see tests/editors/test_nvim.py, which runs them).
---
--- A scenario runs as `nvim --headless --clean -u minimal_init.lua -c "luafile <scenario>"` with:
---   MODELFORGE_NVIM_WORKDIR  a temp dir the scenario writes its config files into
---   MODELFORGE_NVIM_CACHE    the server's catalog cache dir (a temp dir)
---   MODELFORGE_NVIM_SERVER   the server command (one executable); empty: let the plugin discover it
---   MODELFORGE_NVIM_RESULT   where to write the JSON result
--- It ends with `H.done(facts)` (JSON `{"ok": true, ...facts}`, exit 0) or `H.fail(message)`
--- (JSON `{"ok": false, "error": ...}` and the message on stderr, exit 1). The Python test asserts
--- on the facts; the scenarios fail only when they cannot collect them (a timeout, an error).
local H = {}

H.timeout_ms = tonumber(os.getenv("MODELFORGE_NVIM_TIMEOUT_MS") or "") or 20000
H.unreachable_url = "http://127.0.0.1:9/api.json"

local function write_result(result)
  local path = os.getenv("MODELFORGE_NVIM_RESULT")
  if path and path ~= "" then
    vim.fn.writefile({ vim.fn.json_encode(result) }, path)
  end
end

function H.fail(message)
  io.stderr:write("FAIL: " .. tostring(message) .. "\n")
  write_result({ ok = false, error = tostring(message) })
  vim.cmd("cquit 1")
end

function H.done(facts)
  facts = facts or {}
  facts.ok = true
  write_result(facts)
  vim.cmd("qall!")
end

--- Run `fn`; any Lua error ends Neovim with exit code 1 and the traceback.
function H.run(fn)
  local ok, err = xpcall(fn, debug.traceback)
  if not ok then
    H.fail(err)
  end
end

function H.env(name)
  local value = os.getenv(name)
  if value == nil or value == "" then
    error("environment variable " .. name .. " is not set")
  end
  return value
end

--- Wait (polling, up to the timeout) for `predicate()` to return a truthy value, and return it.
function H.wait_for(what, predicate)
  local value
  local ok = vim.wait(H.timeout_ms, function()
    value = predicate()
    return value ~= nil and value ~= false
  end, 20)
  if not ok then
    error("timed out after " .. H.timeout_ms .. " ms waiting for " .. what)
  end
  return value
end

--- Poll `predicate()` every 50 ms from the event loop (not blocking it, so typed keys run),
--- then call `after(value)` once: with its truthy value, or nil after the timeout. For
--- scenarios that feed keys: the keys run only once the scenario's script has returned.
function H.poll(predicate, after)
  local started, finished = vim.loop.now(), false
  local timer = vim.loop.new_timer()
  timer:start(50, 50, vim.schedule_wrap(function()
    if finished then
      return
    end
    H.run(function()
      local value = predicate()
      if not value and vim.loop.now() - started < H.timeout_ms then
        return
      end
      finished = true
      timer:stop()
      timer:close()
      after(value or nil)
    end)
  end))
end

--- The settings every scenario sends: the bundled snapshot only, a temp cache, no network.
function H.settings()
  return { catalog = { offline = true, url = H.unreachable_url, cacheDir = H.env("MODELFORGE_NVIM_CACHE") } }
end

--- `require("modelforge").setup` with the test's server command and offline settings.
function H.setup(extra)
  local opts = { settings = H.settings() }
  local server = os.getenv("MODELFORGE_NVIM_SERVER")
  if server and server ~= "" then
    opts.cmd = { server }
  end
  opts = vim.tbl_extend("force", opts, extra or {})
  require("modelforge").setup(opts)
end

--- Write `lines` to `<workdir>/<relpath>` and `:edit` it. Returns the buffer and the full path.
function H.open(relpath, lines)
  local path = H.env("MODELFORGE_NVIM_WORKDIR") .. "/" .. relpath
  vim.fn.mkdir(vim.fn.fnamemodify(path, ":h"), "p")
  vim.fn.writefile(lines, path)
  vim.cmd("edit " .. vim.fn.fnameescape(path))
  return vim.api.nvim_get_current_buf(), path
end

--- The initialized ModelForge client attached to `bufnr` (waits for it).
function H.wait_attached(bufnr)
  return H.wait_for("the modelforge client to attach to buffer " .. bufnr, function()
    for _, client in ipairs(require("modelforge").clients(bufnr)) do
      if client.initialized then
        return client
      end
    end
    return nil
  end)
end

--- 0-based line of the first line containing `text` (plain find).
function H.line_of(bufnr, text)
  for index, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    if line:find(text, 1, true) then
      return index - 1, line
    end
  end
  error("no line contains " .. text)
end

--- `method` at (line, character) through Neovim's client; the single client's result.
function H.request(bufnr, method, line, character)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = line, character = character },
  }
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, H.timeout_ms)
  if responses == nil then
    error(method .. " failed: " .. tostring(err))
  end
  for _, response in pairs(responses) do
    if response.err then
      error(method .. " answered an error: " .. vim.inspect(response.err))
    end
    return response.result
  end
  error(method .. ": no client answered")
end

--- Record every vim.notify call as { message, level } (and still show it on stderr).
function H.capture_notify()
  local messages = {}
  vim.notify = function(message, level)
    table.insert(messages, { message = tostring(message), level = level or vim.log.levels.INFO })
    io.stderr:write("notify[" .. tostring(level) .. "]: " .. tostring(message) .. "\n")
  end
  return messages
end

return H
