-- A Neovim session with flowsim as its language server (tests/it/lsp.rs runs it headless):
-- open the flow $FLOWSIM_FLOW, wait for its diagnostics, write a misspelt variable into it,
-- wait for the diagnostic that names it, then ask for hover, completion, a definition and the
-- definition of the module it calls, in another file.
-- Every answer goes to $FLOWSIM_OUT as JSON; the Rust test judges them. Neovim 0.7's API
-- (Debian's package): vim.lsp.start_client and buf_attach_client.
local bin, flow, out = os.getenv("FLOWSIM_BIN"), os.getenv("FLOWSIM_FLOW"), os.getenv("FLOWSIM_OUT")
local result = { steps = {} }
local function step(name, value)
  table.insert(result.steps, name)
  result[name] = value
end
local function finish()
  local f = assert(io.open(out, "w"))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd("qall!")
end

vim.cmd("edit " .. vim.fn.fnameescape(flow))
local buf = vim.api.nvim_get_current_buf()
local published = 0
local client = vim.lsp.start_client({
  name = "flowsim",
  cmd = { bin, "lsp" },
  cmd_cwd = vim.fn.fnamemodify(flow, ":h"),
  root_dir = vim.fn.fnamemodify(flow, ":h"),
  handlers = {
    ["textDocument/publishDiagnostics"] = function(err, res, ctx, config)
      published = published + 1
      vim.lsp.diagnostic.on_publish_diagnostics(err, res, ctx, config)
    end,
  },
})
vim.lsp.buf_attach_client(buf, client)

-- The 0-based line and byte column of the first `text` in the buffer.
local function find(text)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local col = line:find(text, 1, true)
    if col then
      return i - 1, col - 1, line
    end
  end
  error("not in the flow: " .. text)
end

local function codes()
  local seen = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    table.insert(seen, { code = code, line = d.lnum, message = d.message })
  end
  return seen
end

local function ask(method, line, character)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = line, character = character },
  }
  local answers = vim.lsp.buf_request_sync(buf, method, params, 10000) or {}
  for _, a in pairs(answers) do
    return a.result or { error = a.error }
  end
  return vim.NIL
end

local ok, err = pcall(function()
  step("opened", vim.wait(20000, function() return published > 0 end, 20))
  step("diagnostics_before", codes())

  -- The mistake: a variable the flow never declares.
  local line, col, text = find("exp: Flow.isVip")
  local edited = text:sub(1, col) .. "exp: Flow.cuont"
  vim.api.nvim_buf_set_lines(buf, line, line + 1, false, { edited })
  step("edited_line", line)
  step("flagged", vim.wait(20000, function()
    for _, d in ipairs(codes()) do
      if d.code == "undeclaredVariable" then return true end
    end
    return false
  end, 20))
  step("diagnostics_after", codes())

  local kl, kc = find("evaluateScheduleGroup:")
  step("hover_action", ask("textDocument/hover", kl, kc + 2))
  local fl, fc = find("Append(")
  step("hover_function", ask("textDocument/hover", fl, fc + 1))
  step("completion", ask("textDocument/completion", line, #edited - 5))
  local rl, rc = find("task[Account Balance_30]")
  step("definition", ask("textDocument/definition", rl, rc + 8))
  -- Cross-file: the common module the flow calls, in its own file (not open).
  local ml, mc = find("Customer Lookup:")
  step("module_definition", ask("textDocument/definition", ml, mc + 2))
end)
if not ok then
  result.error = tostring(err)
end
finish()
