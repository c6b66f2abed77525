-- Headless test of the shipped lsp/agent_ls.lua with a real Neovim:
--   nvim --headless --clean -l editors/nvim/test/test.lua
-- Needs `agent-ls` on PATH. Exits non-zero on the first failed assertion.
local here = vim.fs.dirname(vim.fs.normalize(debug.getinfo(1, 'S').source:sub(2)))
local plugin_root = vim.fs.dirname(here)
vim.opt.runtimepath:prepend(plugin_root)

local failures = 0
local passes = 0
local function check(cond, msg)
  if not cond then
    failures = failures + 1
    io.stderr:write('FAIL: ' .. msg .. '\n')
  else
    passes = passes + 1
    io.stdout:write('ok: ' .. msg .. '\n')
  end
end

local function finish()
  io.stdout:write(string.format('%d passed, %d failed\n', passes, failures))
  os.exit(failures == 0 and 0 or 1)
end

-- the shipped config, loaded the 0.11 way
local config = dofile(plugin_root .. '/lsp/agent_ls.lua')
check(config.cmd[1] == 'agent-ls', 'config starts agent-ls')
check(vim.fn.executable('agent-ls') == 1, 'agent-ls is on PATH')
vim.lsp.enable('agent_ls')

local tmp = vim.fn.tempname()
local agents = tmp .. '/.claude/agents'
vim.fn.mkdir(agents, 'p')
local agent_path = agents .. '/release-helper.md'
vim.fn.writefile({
  '---',
  'name: release-helper',
  'description: Use this agent when preparing a release.',
  'tools: Read, Bassh',
  'color: teal',
  '',
  '---',
  'You prepare releases.',
}, agent_path)
vim.fn.writefile({ '# Project', '', 'Notes: nothing here.' }, tmp .. '/README.md')

local function wait(ms, cond)
  return vim.wait(ms, cond, 20)
end

local function diags(buf, code)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if code == nil or d.code == code then
      table.insert(out, d)
    end
  end
  return out
end

vim.cmd.edit(agent_path)
local buf = vim.api.nvim_get_current_buf()
check(vim.bo[buf].filetype == 'markdown', 'agent file is markdown')
check(wait(10000, function() return #vim.lsp.get_clients({ bufnr = buf, name = 'agent_ls' }) > 0 end), 'client attached')
check(wait(10000, function() return #diags(buf, 'unknown-tool') > 0 end), 'unknown tool diagnosed')
local tool = diags(buf, 'unknown-tool')[1]
if tool then
  -- 0-based line 3, columns 13..18: exactly `Bassh`
  check(tool.lnum == 3 and tool.col == 13 and tool.end_col == 18, 'unknown tool range is exact')
  check(tool.severity == vim.diagnostic.severity.WARN, 'unknown tool is a warning')
end
check(#diags(buf, 'unknown-color') == 1, 'unknown color diagnosed')

-- completion of keys on the empty line 5 (0-based)
local client = vim.lsp.get_clients({ bufnr = buf, name = 'agent_ls' })[1]
local function request(method, line, character)
  local params = { textDocument = vim.lsp.util.make_text_document_params(buf), position = { line = line, character = character } }
  local res = vim.lsp.buf_request_sync(buf, method, params, 5000) or {}
  for _, r in pairs(res) do
    if r.result then return r.result end
  end
end
local items = request('textDocument/completion', 5, 0) or {}
items = items.items or items
local labels = {}
for _, it in ipairs(items) do labels[it.label] = true end
check(labels['permissionMode'] and labels['model'], 'key completion offers permissionMode and model')
check(not labels['name'], 'key completion leaves out present keys')

local hover = request('textDocument/hover', 3, 8)
check(hover and hover.contents and hover.contents.value:find('Read', 1, true) ~= nil, 'hover on Read')

-- edit the buffer: fix the tool, diagnostics follow
vim.api.nvim_buf_set_text(buf, 3, 13, 3, 18, { 'Bash' })
check(wait(10000, function() return #diags(buf, 'unknown-tool') == 0 end), 'diagnostics follow an edit')
check(#diags(buf, 'unknown-color') == 1, 'other diagnostics stay')

-- a README is not an agent file: attached (markdown) but silent
vim.cmd.edit(tmp .. '/README.md')
local readme = vim.api.nvim_get_current_buf()
wait(10000, function() return #vim.lsp.get_clients({ bufnr = readme, name = 'agent_ls' }) > 0 end)
vim.wait(500)
check(#vim.diagnostic.get(readme) == 0, 'README gets no diagnostics')

-- Claude Code's settings file: attached and diagnosed; any other JSON file: left alone
vim.fn.mkdir(tmp .. '/.claude', 'p')
vim.fn.writefile({ '{ "permissions": { "allow": ["Bash(git:*"] } }' }, tmp .. '/.claude/settings.json')
vim.fn.writefile({ '{ "name": "x" }' }, tmp .. '/package.json')
vim.cmd.edit(tmp .. '/.claude/settings.json')
local settings = vim.api.nvim_get_current_buf()
check(wait(10000, function() return #vim.lsp.get_clients({ bufnr = settings, name = 'agent_ls' }) > 0 end), 'client attached to .claude/settings.json')
check(wait(10000, function() return #diags(settings, 'config-entry-skipped') > 0 end), 'settings.json: the unclosed rule diagnosed')
vim.cmd.edit(tmp .. '/package.json')
local package = vim.api.nvim_get_current_buf()
vim.wait(500)
check(#vim.lsp.get_clients({ bufnr = package, name = 'agent_ls' }) == 0, 'package.json: not attached')

client:stop()
wait(5000, function() return client:is_stopped() end)
vim.fn.delete(tmp, 'rf')
finish()
