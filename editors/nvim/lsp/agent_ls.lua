-- agent-ls for Neovim 0.11+: put this folder on your runtimepath (or copy this file to
-- ~/.config/nvim/lsp/agent_ls.lua) and call `vim.lsp.enable('agent_ls')`.
-- The server decides which markdown files are agent files and stays silent on the rest. Of JSON
-- files it attaches only to Claude Code's configuration files (the `files` of the JSON kinds in
-- src/catalog/kinds/*.toml; tests/editors.rs checks they agree), so other JSON stays untouched.
local json_files = {
  '.claude/settings.json',
  '.claude/settings.local.json',
  'managed-settings.json',
  '.mcp.json',
  '.claude-plugin/plugin.json',
  'hooks/hooks.json',
  '.lsp.json',
  '.claude-plugin/marketplace.json',
}

return {
  cmd = { 'agent-ls' },
  filetypes = { 'markdown', 'json', 'jsonc' },
  root_dir = function(bufnr, on_dir)
    local name = vim.api.nvim_buf_get_name(bufnr)
    local ft = vim.bo[bufnr].filetype
    if ft == 'json' or ft == 'jsonc' then
      local known = false
      for _, file in ipairs(json_files) do
        if name == file or name:sub(-#file - 1) == '/' .. file then
          known = true
        end
      end
      if not known then
        return
      end
    end
    on_dir(vim.fs.root(bufnr, { '.claude', '.git' }) or vim.fs.dirname(name))
  end,
}
