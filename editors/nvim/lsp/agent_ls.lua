-- agent-ls for Neovim 0.11+: put this folder on your runtimepath (or copy this file to
-- ~/.config/nvim/lsp/agent_ls.lua) and call `vim.lsp.enable('agent_ls')`.
-- The server decides which markdown files are agent files and stays silent on the rest.
return {
  cmd = { 'agent-ls' },
  filetypes = { 'markdown' },
  root_markers = { '.claude', '.git' },
}
