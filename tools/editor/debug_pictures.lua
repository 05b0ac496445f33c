-- The debugger's editor session (tools/editor/debug_pictures.sh runs it in Neovim inside tmux):
-- loads editors/nvim/flowsim.lua with nvim-dap on the runtime path, so `flowsim dap` is the
-- adapter that file registers, and debugs the Acme IVR's scenario as a person would: a
-- breakpoint on the data action's line, the scenario launched, the scopes, an expression in the
-- REPL after a step over, a step back. At each picture it writes STAGES/N.ready (the picture's
-- name) and waits for STAGES/N.taken, written once the script has captured the screen. Every
-- wait is bounded; a failure writes STAGES/failed with the reason.
local stages, config = os.getenv("STAGES"), os.getenv("CONFIG")
local FLOW = "fixtures/archy/flows/acme_main_ivr.yaml"
local SCENARIOS = "fixtures/scenarios/acme-ivr.scenarios.yaml"
local SCENARIO = "open hours, balance of a known account"
local WAIT = 20000

local dap, widgets, repl_buf, sidebar

local function fail(why)
  vim.fn.writefile({ tostring(why) }, stages .. "/failed")
end

local function line_of(text)
  local row = vim.fn.search("^\\s*" .. vim.fn.escape(text, "\\[].*"), "nw")
  assert(row > 0, "no `" .. text .. "` in " .. FLOW)
  return row
end

local function code_window()
  for _, w in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_buf_get_name(vim.api.nvim_win_get_buf(w)):sub(-#FLOW) == FLOW then
      return w
    end
  end
end

-- Whether the run is stopped with its top frame at `line` of the flow, the cursor of the code
-- window there (nvim-dap jumped to it).
local function stopped_at(line)
  return function()
    local s = dap.session()
    local w = code_window()
    return s ~= nil and s.stopped_thread_id ~= nil and s.current_frame ~= nil
      and s.current_frame.line == line and w ~= nil and vim.api.nvim_win_get_cursor(w)[1] == line
  end
end

local function buffer_has(buf_of, text)
  return function()
    local buf = buf_of()
    if not buf or not vim.api.nvim_buf_is_valid(buf) then
      return false
    end
    return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n"):find(text, 1, true) ~= nil
  end
end

-- Types `keys` into the REPL's prompt, as a person does.
local function type_in_repl(keys)
  local w = vim.fn.bufwinid(repl_buf)
  assert(w ~= -1, "the REPL is not open")
  vim.api.nvim_set_current_win(w)
  vim.cmd("startinsert!")
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(keys .. "<CR>", true, false, true), "t", false)
end

local get_balance, say_balance

-- Each step: what the person does, what to wait for, and the picture taken then (if any).
local steps = {
  function()
    vim.cmd("edit " .. FLOW)
    vim.wo.number = true
    get_balance = line_of("name: Get balance") - 1 -- the action's key, `- callData:`
    say_balance = line_of("name: Say balance") - 1
    vim.api.nvim_win_set_cursor(0, { get_balance, 0 })
    dap.toggle_breakpoint()
    dap.run({
      type = "flowsim",
      request = "launch",
      name = "Debug a scenario",
      scenarioFile = SCENARIOS,
      scenario = SCENARIO,
    })
    return stopped_at(get_balance), "the run did not stop at the breakpoint", nil
  end,
  function()
    vim.cmd("normal! zz")
    return function() return true end, "", "stopped"
  end,
  function()
    vim.api.nvim_set_current_win(code_window())
    sidebar = widgets.sidebar(widgets.scopes, { width = 50, wrap = false }, "topleft vsplit")
    sidebar.open()
    return buffer_has(function() return sidebar.buf end, "Flow.accountNumber"), "no scopes", "scopes"
  end,
  function()
    sidebar.close()
    vim.api.nvim_set_current_win(code_window())
    dap.step_over()
    return stopped_at(say_balance), "the step over did not stop at Say balance", nil
  end,
  function()
    vim.cmd("normal! zz")
    dap.repl.open({ height = 9, number = false })
    repl_buf = vim.fn.bufnr("\\[dap-repl\\]")
    type_in_repl("Task.balance * 2")
    return buffer_has(function() return repl_buf end, "2501"), "no answer to the evaluate", "repl"
  end,
  function()
    type_in_repl(".back")
    return stopped_at(get_balance), "the step back did not return to Get balance", nil
  end,
  function()
    type_in_repl("Task.balance")
    return buffer_has(function() return repl_buf end, "NOT_SET"), "no answer after the step back", nil
  end,
  function()
    vim.cmd("stopinsert")
    vim.api.nvim_set_current_win(code_window())
    vim.cmd("normal! zz")
    return function() return true end, "", "back"
  end,
}

local stage = 0

local function run(i)
  local step = steps[i]
  if not step then
    vim.fn.writefile({}, stages .. "/done")
    return
  end
  local ok, ready, why, picture = pcall(step)
  if not ok then
    return fail(ready)
  end
  local tries = WAIT / 100
  local function poll()
    local fine, yes = pcall(ready)
    if not fine then
      return fail(yes)
    end
    if yes then
      -- Let the answer draw before the screen is taken.
      vim.defer_fn(function()
        if not picture then
          return run(i + 1)
        end
        vim.cmd("redraw!")
        stage = stage + 1
        local taken = string.format("%s/%d.taken", stages, stage)
        vim.fn.writefile({ picture }, string.format("%s/%d.ready", stages, stage))
        local waits = WAIT / 100
        local function taken_yet()
          if vim.fn.filereadable(taken) == 1 then
            return run(i + 1)
          end
          waits = waits - 1
          if waits == 0 then
            return fail("the screen of " .. picture .. " was not taken")
          end
          vim.defer_fn(taken_yet, 100)
        end
        taken_yet()
      end, 400)
    elseif tries == 0 then
      fail(why)
    else
      tries = tries - 1
      vim.defer_fn(poll, 100)
    end
  end
  poll()
end

vim.schedule(function()
  local ok, err = pcall(function()
    dap = require("dap")
    widgets = require("dap.ui.widgets")
    dofile(config)
    assert(dap.adapters.flowsim, "editors/nvim/flowsim.lua did not register the flowsim adapter")
    vim.cmd("filetype plugin on | syntax on")
    -- nvim-dap's signs as it defines them (`B`, `→` on the line `debugPC` colours), that line
    -- given a colour (Neovim 0.7 defines none).
    vim.cmd("highlight debugPC ctermbg=24")
  end)
  if not ok then
    return fail(err)
  end
  run(1)
end)
