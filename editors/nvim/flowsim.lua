-- flowsim's language server in Neovim, without nvim-lspconfig: put this file in
-- ~/.config/nvim/plugin/ (or source it from init.lua). The server starts on YAML and JSON
-- buffers (flows, scenario files, fixtures) and on Architect exports (*.i3*, the filetype
-- architect-export), rooted at the nearest folder with a flowsim.toml (else the buffer's own
-- folder).
vim.api.nvim_create_autocmd({ "BufNewFile", "BufRead" }, {
  pattern = "*.i3*",
  command = "setfiletype architect-export",
})

local flowsim = {
  name = "flowsim",
  cmd = { "flowsim", "lsp" },
  filetypes = { "yaml", "json", "architect-export" },
  root_markers = { "flowsim.toml" },
}

if vim.lsp.config then
  -- Neovim 0.11 and later.
  vim.lsp.config("flowsim", flowsim)
  vim.lsp.enable("flowsim")
else
  -- Neovim 0.7 to 0.10: one client per root, attached to each buffer of those types.
  local clients = {}
  vim.api.nvim_create_autocmd("FileType", {
    pattern = flowsim.filetypes,
    callback = function(args)
      local file = vim.api.nvim_buf_get_name(args.buf)
      if file == "" then
        return
      end
      local dir = vim.fn.fnamemodify(file, ":p:h")
      local marker = vim.fn.findfile(flowsim.root_markers[1], dir .. ";")
      local root = marker ~= "" and vim.fn.fnamemodify(marker, ":p:h") or dir
      if not clients[root] then
        clients[root] = vim.lsp.start_client({ name = flowsim.name, cmd = flowsim.cmd, root_dir = root })
      end
      if clients[root] then
        vim.lsp.buf_attach_client(args.buf, clients[root])
      end
    end,
  })
end

-- The debugger (`flowsim docs debug`, "Neovim"): with nvim-dap installed, `flowsim dap` is the adapter
-- of type `flowsim` (its launch attributes are the VS Code extension's: `scenarioFile` and
-- `scenario`, or `flow` with `inputs`, or `execution` for a recorded execution), and a
-- scenario's "Debug scenario" code lens (`:lua vim.lsp.codelens.run()`) debugs that scenario:
-- its command, `flowsim.debugScenario`, is run here, not by the server.
local ok, dap = pcall(require, "dap")
if ok then
  dap.adapters.flowsim = { type = "executable", command = "flowsim", args = { "dap" } }
  vim.lsp.commands["flowsim.debugScenario"] = function(command)
    local uri, name = command.arguments[1], command.arguments[2]
    local file = vim.uri_to_fname(uri)
    local marker = vim.fn.findfile("flowsim.toml", vim.fn.fnamemodify(file, ":p:h") .. ";")
    local cwd = marker ~= "" and vim.fn.fnamemodify(marker, ":p:h") or vim.fn.fnamemodify(file, ":p:h")
    dap.run({
      type = "flowsim",
      request = "launch",
      name = "Debug scenario: " .. name,
      cwd = cwd,
      scenarioFile = file,
      scenario = name,
    })
  end
end
