-- Scenario: :ModelForgeStatus and :ModelForgeRefresh run and report; the server pulls the
-- `modelforge` settings section and Neovim answers it from the plugin's settings.
local H = require("helpers")

H.run(function()
  local messages = H.capture_notify()
  local configuration_requests = {}
  H.setup({
    handlers = {
      ["workspace/configuration"] = function(err, result, ctx, config)
        local answer = vim.lsp.handlers["workspace/configuration"](err, result, ctx, config)
        table.insert(configuration_requests, { items = result.items, answer = answer })
        return answer
      end,
    },
  })
  local bufnr = H.open(".model-forge/config.yaml", {
    "providers:",
    "  openai:",
    "    llm_type: openai_compatible",
    "    models:",
    "      gpt-4o-mini:",
  })
  H.wait_attached(bufnr)
  H.wait_for("the server to pull workspace/configuration", function()
    return configuration_requests[1]
  end)

  local function wait_message(what, prefix)
    return H.wait_for(what, function()
      for _, m in ipairs(messages) do
        if m.message:sub(1, #prefix) == prefix then
          return m
        end
      end
      return nil
    end)
  end

  vim.cmd("ModelForgeStatus")
  local status_message = wait_message(":ModelForgeStatus output", "ModelForge: server ")

  local raw_status
  require("modelforge").status(function(err, result)
    raw_status = { err = err or vim.NIL, result = result or vim.NIL }
  end)
  H.wait_for("the raw status", function()
    return raw_status
  end)

  -- setup() again: the running server gets the new settings (didChangeConfiguration).
  local settings = H.settings()
  settings.catalog.ttl = "2h"
  H.setup({ settings = settings })
  local pending = false
  local ttl_after_setup = H.wait_for("the server to use the new ttl", function()
    if not pending then
      pending = true
      require("modelforge").execute("modelforge.catalogStatus", function(_, result)
        pending = false
        raw_status.after_setup = result
      end)
    end
    local after = raw_status.after_setup
    return after and after.settings.ttlSeconds == 7200 and after.settings.ttlSeconds
  end)

  vim.cmd("ModelForgeRefresh")
  local refresh_message = wait_message(":ModelForgeRefresh result", "ModelForge: catalog")

  H.done({
    status_message = status_message,
    status = raw_status,
    ttl_after_setup = ttl_after_setup,
    refresh_message = refresh_message,
    configuration_requests = configuration_requests,
    messages = messages,
  })
end)
