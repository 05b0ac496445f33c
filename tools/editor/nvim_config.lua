-- editors/nvim/flowsim.lua in a real, headless Neovim (tools/editor/check.sh runs this): opened
-- in a project (a folder with flowsim.toml) and outside one, a flow, a scenario file, an
-- Architect export and a lone JSON file each get a flowsim client started as `flowsim lsp`,
-- one client per root. The client's start is observed, not performed: the server is tested on
-- its own, and this file tests the editor's set-up.
local project, lone, config = os.getenv("PROJECT"), os.getenv("LONE"), os.getenv("CONFIG")
local started, attached = {}, {}

-- nvim-dap, as far as the set-up uses it: its adapters table, and `run` observed.
local ran
package.loaded["dap"] = { adapters = {}, run = function(cfg) ran = cfg end }

local function check()
  vim.cmd("filetype on")
  if vim.lsp.config then
    -- Neovim 0.11 and later: the configuration is data; vim.lsp.enable does the rest.
    local real = vim.lsp.start
    vim.lsp.start = function(cfg, opts)
      table.insert(started, { name = cfg.name, cmd = cfg.cmd, root = cfg.root_dir })
      attached[#attached + 1] = (opts and opts.bufnr) or vim.api.nvim_get_current_buf()
      return #started
    end
    dofile(config)
    vim.lsp.start = real
  else
    vim.lsp.start_client = function(cfg)
      table.insert(started, { name = cfg.name, cmd = cfg.cmd, root = cfg.root_dir })
      return #started
    end
    vim.lsp.buf_attach_client = function(buf, id)
      attached[#attached + 1] = buf .. ":" .. id
      return true
    end
    dofile(config)
  end
  local files = {
    project .. "/flows/main_menu.yaml",
    project .. "/tests/main_menu.scenarios.yaml",
    project .. "/exports/Main.i3InboundFlow",
    lone .. "/other.json",
  }
  for _, f in ipairs(files) do
    vim.cmd("edit " .. vim.fn.fnameescape(f))
  end
  assert(vim.bo.filetype == "json", "other.json: filetype " .. vim.bo.filetype)
  vim.cmd("buffer " .. vim.fn.fnameescape(files[3]))
  assert(vim.bo.filetype == "architect-export", "the export's filetype: " .. vim.bo.filetype)
  local roots = {}
  for _, s in ipairs(started) do
    assert(s.name == "flowsim", "client name " .. tostring(s.name))
    assert(table.concat(s.cmd, " ") == "flowsim lsp", "cmd " .. table.concat(s.cmd, " "))
    roots[#roots + 1] = vim.fn.resolve(s.root)
  end
  if vim.lsp.config then
    -- vim.lsp.start reuses a client per root itself: one call per buffer.
    assert(#started == 4, "starts: " .. #started)
  else
    assert(#started == 2, "clients: " .. vim.inspect(roots))
    assert(#attached == 4, "attached buffers: " .. vim.inspect(attached))
  end
  local want = { [vim.fn.resolve(project)] = true, [vim.fn.resolve(lone)] = true }
  for _, r in ipairs(roots) do
    assert(want[r], "unexpected root " .. r .. " in " .. vim.inspect(roots))
  end
  assert(roots[1] == vim.fn.resolve(project), "the flow's root: " .. roots[1])
  assert(roots[#roots] == vim.fn.resolve(lone), "the lone file's root: " .. roots[#roots])
  -- With nvim-dap: `flowsim dap` is the adapter, and the "Debug scenario" lens's command
  -- debugs its scenario from the project's folder.
  local adapter = require("dap").adapters.flowsim
  assert(adapter and adapter.command == "flowsim", "the dap adapter: " .. vim.inspect(adapter))
  assert(table.concat(adapter.args, " ") == "dap", "the adapter's args: " .. vim.inspect(adapter.args))
  local scenarios = project .. "/tests/main_menu.scenarios.yaml"
  vim.lsp.commands["flowsim.debugScenario"]({
    title = "Debug scenario",
    command = "flowsim.debugScenario",
    arguments = { vim.uri_from_fname(scenarios), "caller presses 1" },
  })
  assert(ran and ran.type == "flowsim" and ran.request == "launch", "dap.run: " .. vim.inspect(ran))
  assert(ran.scenario == "caller presses 1", "the scenario: " .. tostring(ran.scenario))
  assert(ran.scenarioFile == scenarios, "the scenario file: " .. tostring(ran.scenarioFile))
  assert(vim.fn.resolve(ran.cwd) == vim.fn.resolve(project), "the launch's cwd: " .. tostring(ran.cwd))
end

local ok, err = pcall(check)
if ok then
  io.stdout:write("neovim: editors/nvim/flowsim.lua starts flowsim lsp per project, and flowsim dap with nvim-dap\n")
  vim.cmd("qall!")
else
  io.stderr:write("neovim: editors/nvim/flowsim.lua: " .. tostring(err) .. "\n")
  vim.cmd("cquit 1")
end
