-- End-to-end test of `copydesk lsp` in headless Neovim 0.7+ (run by
-- scripts/test-neovim, which writes the made-up bundle and the README's
-- setup block): the setup starts the server when a .txt opens, then
-- diagnostics, a hover, a quick fix whose diagnostic goes before any
-- save, and a rename across the bundle. Uses only the API Neovim 0.7 has.
-- Exits 0 when every check passes; else prints what failed and exits 1.
local setup = assert(os.getenv("COPYDESK_SETUP"), "COPYDESK_SETUP")
local root = assert(os.getenv("COPYDESK_BUNDLE"), "COPYDESK_BUNDLE")

local function out(s) io.stdout:write(s .. "\n") end
local function finish(code) io.stdout:flush(); vim.cmd((code == 0) and "qa!" or "cq!") end
local failed = false
local function check(ok, what)
  out((ok and "ok   " or "FAIL ") .. what)
  if not ok then failed = true end
  return ok
end

local status = nil
vim.lsp.handlers["copydesk/status"] = function(_, params) status = params end
dofile(setup)
vim.cmd("filetype on")

vim.cmd("edit " .. vim.fn.fnameescape(root .. "/d.txt"))
local buf = vim.api.nvim_get_current_buf()
local client = nil
vim.wait(10000, function()
  for _, c in pairs(vim.lsp.buf_get_clients(buf)) do
    if c.name == "copydesk" then client = c end
  end
  return client ~= nil
end, 50)
if not check(client ~= nil, "the setup starts the server for a .txt") then finish(1) return end
local client_id = client.id
local encoding = client.offset_encoding or "utf-16"

local function variants()
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == "name-variant" then table.insert(found, d) end
  end
  return found
end

-- Diagnostics.
vim.wait(30000, function() return status ~= nil and #variants() > 0 end, 50)
check(status ~= nil and status.articles == 4, "status: 4 articles, SOURCES.md left out (" ..
  vim.inspect(status, { newline = " ", indent = "" }) .. ")")
local d = variants()[1]
if not check(d ~= nil, "a name-variant diagnostic in d.txt") then finish(1) return end
local line = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1] or ""
check(line:sub(d.col + 1, d.end_col) == "Dana Whitlock", "it is on 'Dana Whitlock' (" .. line .. ")")
local at = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = d.lnum, character = d.col + 1 } }

-- Hover: short, places without raw URIs.
local hover = nil
for _, r in pairs(vim.lsp.buf_request_sync(buf, "textDocument/hover", at, 10000) or {}) do
  if r.result and r.result.contents then hover = r.result.contents.value end
end
check(hover ~= nil and hover:find("Dana Whitlock", 1, true) ~= nil, "a hover on the name")
if hover then
  local lines = #vim.split(hover, "\n")
  check(lines <= 40 and not hover:find("file://", 1, true), "the hover is short, without raw URIs (" .. lines .. " lines)")
  check(hover:find("Dana Whitlok", 1, true) ~= nil, "the hover lists the other spelling")
end

-- Quick fix: applied as the editor applies it; the diagnostic goes
-- before the buffer is saved.
local fix = nil
local ca = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = { start = { line = d.lnum, character = d.col }, ["end"] = { line = d.end_lnum, character = d.end_col } },
  context = { diagnostics = {}, only = { "quickfix" } },
}, 10000)
for _, r in pairs(ca or {}) do
  for _, a in ipairs(r.result or {}) do
    if a.isPreferred and a.edit then fix = a end
  end
end
if check(fix ~= nil, "a preferred quick fix") then
  vim.lsp.util.apply_workspace_edit(fix.edit, encoding)
  local fixed = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1] or ""
  check(fixed:find("Dana Whitlok", 1, true) ~= nil, "the fix wrote 'Dana Whitlok' (" .. fixed .. ")")
  local gone = vim.wait(15000, function() return #variants() == 0 end, 50)
  check(gone, "the diagnostic is gone after the fix")
  check(vim.api.nvim_buf_get_option(buf, "modified"), "... before any save")
end

-- Rename across the bundle.
local rename = nil
for _, r in pairs(vim.lsp.buf_request_sync(buf, "textDocument/rename",
  vim.tbl_extend("force", at, { newName = "Dana Whitlow" }), 10000) or {}) do
  if r.err then out("rename error: " .. vim.inspect(r.err)) end
  rename = rename or r.result
end
if check(rename ~= nil, "a rename edit") then
  local files = 0
  for _ in pairs(rename.changes or {}) do files = files + 1 end
  for _ in ipairs(rename.documentChanges or {}) do files = files + 1 end
  check(files == 4, "the rename reaches the 4 articles (" .. files .. ")")
  vim.lsp.util.apply_workspace_edit(rename, encoding)
  local renamed = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1] or ""
  check(renamed:find("Dana Whitlow", 1, true) ~= nil, "the buffer has the new name (" .. renamed .. ")")
end

-- A file created on disk (Neovim 0.7 does not watch files for the
-- server; the server's own watch sees it).
local f = assert(io.open(root .. "/e.txt", "w"))
f:write("Acme Air said little.\n")
f:close()
check(vim.wait(20000, function() return status ~= nil and status.articles == 5 end, 50),
  "a file created on disk joins the bundle")

vim.lsp.stop_client(client_id)
finish(failed and 1 or 0)
