-- Driven by test/protocol/neovim.test.ts: Neovim (headless) with the README's snippet as
-- its init.lua, on a copy of examples/curriculum. Uses the editor as a user would (open a
-- buffer, edit it, ask for completion, definition and rename through the built-in client)
-- and writes what it saw as JSON to $ROADMAP_TEST_OUT, then quits.
local root = vim.env.ROADMAP_TEST_ROOT
local out = vim.env.ROADMAP_TEST_OUT
local WAIT = 30000
local seen = { steps = {} }

local function step(name)
  table.insert(seen.steps, name)
end

local function codes(buf)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(list, tostring(d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)))
  end
  table.sort(list)
  return list
end

local function has_code(buf, code)
  for _, c in ipairs(codes(buf)) do
    if c == code then return true end
  end
  return false
end

--- The first line of a buffer matching a Lua pattern, 0-based, and the line.
local function find_line(buf, pattern)
  for i, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    if l:find(pattern) then return i - 1, l end
  end
  error('no line matches ' .. pattern)
end

--- The one answer of the server to a request on a buffer.
local function request(buf, method, params)
  local answers, err = vim.lsp.buf_request_sync(buf, method, params, WAIT)
  if not answers then error(method .. ': ' .. tostring(err)) end
  for _, a in pairs(answers) do
    if a.error then error(method .. ': ' .. vim.inspect(a.error)) end
    return a.result
  end
  error(method .. ': no answer')
end

local function run()
  -- A module whose prerequisite does not exist (the test broke it on disk).
  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/data-engineer/mod-204-streaming-fundamentals.md'))
  local broken = vim.api.nvim_get_current_buf()
  assert(vim.wait(WAIT, function() return #vim.lsp.buf_get_clients(broken) > 0 end), 'the server attaches to a markdown buffer')
  step('attached')
  assert(vim.wait(WAIT, function() return has_code(broken, 'unknown-reference') end), 'the unknown prerequisite is reported')
  seen.broken_codes = codes(broken)
  step('diagnostics')
  -- Fixed in the editor: the diagnostic goes.
  local line, text = find_line(broken, '^%- %*%*Prerequisites%*%*')
  vim.api.nvim_buf_set_lines(broken, line, line + 1, false, { (text:gsub('MOD%-998', 'MOD-201')) })
  assert(vim.wait(WAIT, function() return not has_code(broken, 'unknown-reference') end), 'the diagnostic goes when the buffer is fixed')
  seen.fixed_codes = codes(broken)
  step('fixed')

  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/data-engineer/mod-201-distributed-processing-spark.md'))
  local buf = vim.api.nvim_get_current_buf()
  assert(vim.wait(WAIT, function() return #vim.lsp.buf_get_clients(buf) > 0 end), 'the second buffer shares the server')
  local uri = vim.uri_from_bufnr(buf)

  -- Completion just after "MOD-" in the Prerequisites field.
  local pline, ptext = find_line(buf, '^%- %*%*Prerequisites%*%*')
  local at = { line = pline, character = ptext:find('MOD%-') - 1 + 4 }
  local completion = request(buf, 'textDocument/completion', { textDocument = { uri = uri }, position = at })
  local items = completion and (completion.items or completion) or {}
  seen.completion = {}
  for _, item in ipairs(items) do table.insert(seen.completion, item.label) end
  step('completion')

  -- Definition of MOD-102 there.
  local def = request(buf, 'textDocument/definition', { textDocument = { uri = uri }, position = { line = pline, character = ptext:find('MOD%-102') } })
  if def and def.uri then def = { def } end
  seen.definition = def and def[1] and (def[1].uri or def[1].targetUri) or nil
  step('definition')

  -- Rename the module's own ID, applied to the buffers as Neovim does.
  local iline, itext = find_line(buf, '^%- %*%*Module ID%*%*')
  local edit = request(buf, 'textDocument/rename', { textDocument = { uri = uri }, position = { line = iline, character = itext:find('MOD%-201') }, newName = 'MOD-299' })
  vim.lsp.util.apply_workspace_edit(edit, 'utf-16')
  local files = {}
  for u, _ in pairs(edit.changes or {}) do table.insert(files, vim.uri_to_fname(u)) end
  for _, c in ipairs(edit.documentChanges or {}) do table.insert(files, vim.uri_to_fname(c.textDocument.uri)) end
  table.sort(files)
  seen.renamed_files = files
  local dependent = vim.fn.bufnr(root .. '/data-engineer/mod-203-lakehouse-incremental-pipelines.md')
  seen.dependent_prerequisites = select(2, find_line(dependent, '^%- %*%*Prerequisites%*%*'))
  seen.own_id = select(2, find_line(buf, '^%- %*%*Module ID%*%*'))
  step('rename')
end

local ok, err = pcall(run)
if not ok then seen.error = tostring(err) end
vim.fn.writefile({ vim.fn.json_encode(seen) }, out)
vim.cmd('qa!')
