-- One picture's editor session (tools/editor/pictures.sh runs it in Neovim inside tmux): loads
-- editors/nvim/flowsim.lua, opens a file of a `flowsim init` project, waits for the server, does
-- one thing a user does (FEATURE), and writes DONE (or DONE.failed with the reason) once the
-- server has answered, for the script to capture the screen. Every wait is bounded.
local feature, done, config = os.getenv("FEATURE"), os.getenv("DONE"), os.getenv("CONFIG")
local WAIT = 20000

local function finish(ok, why)
  vim.cmd("redraw!")
  vim.fn.writefile({ why or "" }, ok and done or (done .. ".failed"))
end

local function client()
  for _, c in pairs(vim.lsp.buf_get_clients(0)) do
    if c.name == "flowsim" and c.initialized then
      return c
    end
  end
end

local function floating()
  for _, w in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(w).relative ~= "" then
      return true
    end
  end
  return false
end

local function goto_text(text)
  local row = vim.fn.search(vim.fn.escape(text, "\\[]."), "w")
  if row == 0 then
    error("no `" .. text .. "` in " .. vim.api.nvim_buf_get_name(0))
  end
end

local steps = {
  diagnostics = function()
    goto_text('Flow.choice == "1"')
    vim.cmd([[s/Flow.choice == "1"/Flow.cuont == "1"/]])
    assert(vim.wait(WAIT, function() return #vim.diagnostic.get(0) > 0 end), "no diagnostics")
    goto_text("Flow.cuont")
    vim.diagnostic.open_float()
  end,
  hover = function()
    goto_text("collectInput")
    vim.lsp.buf.hover()
    assert(vim.wait(WAIT, floating), "no hover")
  end,
  completion = function()
    goto_text('Flow.choice == "1"')
    vim.cmd([[s/Flow.choice == "1"/Flow./]])
    vim.bo.omnifunc = "v:lua.vim.lsp.omnifunc"
    vim.o.completeopt = "menuone,noinsert"
    vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes("A<C-x><C-o>", true, false, true), "n", false)
    -- Typed keys are read only between events: the menu is waited for from the main loop.
    return function() return vim.fn.pumvisible() == 1 end, "no completion"
  end,
  definition = function()
    goto_text("task[Welcome_10]")
    vim.cmd("normal! f[l")
    local from = vim.fn.line(".")
    vim.lsp.buf.definition()
    assert(vim.wait(WAIT, function() return vim.fn.line(".") ~= from end), "no definition")
    vim.cmd("normal! zz")
    vim.wo.cursorline = true
  end,
  symbols = function()
    vim.lsp.buf.document_symbol()
    assert(vim.wait(WAIT, function() return #vim.fn.getloclist(0) > 0 or vim.bo.buftype == "quickfix" end), "no symbols")
  end,
  codelens = function()
    vim.lsp.codelens.refresh()
    assert(vim.wait(WAIT, function() return #vim.lsp.codelens.get(0) > 0 end), "no code lenses")
    vim.lsp.codelens.display(vim.lsp.codelens.get(0), 0, client().id)
  end,
}

-- What the server must offer for each picture: without it, the picture fails at once (rather
-- than Neovim stopping at a "not supported" prompt).
local needs = {
  hover = "hoverProvider",
  completion = "completionProvider",
  definition = "definitionProvider",
  symbols = "documentSymbolProvider",
  codelens = "codeLensProvider",
}

local function run()
  dofile(config)
  vim.cmd("filetype plugin on | syntax on")
  -- Floats and menus in grey rather than Neovim 0.7's magenta, for a readable picture.
  vim.cmd("highlight NormalFloat ctermbg=237 ctermfg=252 | highlight Pmenu ctermbg=237 ctermfg=252")
  vim.cmd("highlight PmenuSel ctermbg=24 ctermfg=255 | highlight CursorLine cterm=NONE ctermbg=24")
  vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("FILE")))
  assert(vim.wait(WAIT, function() return client() ~= nil end), "flowsim lsp did not start")
  local capability = needs[feature]
  if capability and not (client().server_capabilities or {})[capability] then
    error("the server does not offer " .. capability)
  end
  local ready, why = assert(steps[feature], "no such picture: " .. tostring(feature))()
  local tries = WAIT / 100
  local function poll()
    if ready == nil or ready() then
      -- Let the answer draw (the completion menu, the float) before the screen is taken.
      vim.defer_fn(function() finish(true) end, 300)
    elseif tries == 0 then
      finish(false, why)
    else
      tries = tries - 1
      vim.defer_fn(poll, 100)
    end
  end
  poll()
end

vim.schedule(function()
  local ok, err = pcall(run)
  if not ok then
    finish(false, tostring(err))
  end
end)
