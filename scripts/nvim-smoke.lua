-- Smoke test of `copydesk lsp` from a real client: Neovim (0.7+) headless.
-- Usage, from the repository root after `cargo build` (Neovim 0.7 or later):
--   nvim --headless -u NONE -c 'luafile scripts/nvim-smoke.lua'
-- COPYDESK_EXE and COPYDESK_SEEDS override the binary and the folder.
-- Prints the status notification, the diagnostics over the bundle (the
-- server publishes them for unopened articles too), then, in the first
-- article with a diagnostic: a hover, its code actions, a rename and a
-- prepareRename off any name. Exits 0 when diagnostics and a hover arrived.
local cwd = vim.fn.getcwd()
local exe = os.getenv("COPYDESK_EXE") or (cwd .. "/target/debug/copydesk")
local root = vim.fn.fnamemodify(os.getenv("COPYDESK_SEEDS") or (cwd .. "/seeds"), ":p"):gsub("/$", "")
local files = vim.fn.globpath(root, "*.txt", false, true)
table.sort(files)

local function out(s) io.stdout:write(s .. "\n") end
-- Edits of a WorkspaceEdit, in `changes` or in `documentChanges`.
local function count_edits(we)
  local files_n, edits_n = 0, 0
  for _, es in pairs((we or {}).changes or {}) do files_n = files_n + 1; edits_n = edits_n + #es end
  for _, dc in ipairs((we or {}).documentChanges or {}) do files_n = files_n + 1; edits_n = edits_n + #(dc.edits or {}) end
  return edits_n, files_n
end
local function finish(code) io.stdout:flush(); vim.cmd((code == 0) and "qa!" or "cq!") end

local status = nil
local client_id = vim.lsp.start_client({
  name = "copydesk",
  cmd = { exe, "lsp" },
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = "seeds" } },
  handlers = {
    ["copydesk/status"] = function(_, params) status = params end,
  },
})
if not client_id then out("could not start " .. exe); finish(1) return end

-- Open the first article; the server publishes diagnostics for every
-- article of the workspace folder, opened or not.
vim.cmd("edit " .. vim.fn.fnameescape(files[1]))
vim.lsp.buf_attach_client(vim.api.nvim_get_current_buf(), client_id)

local function total()
  return #vim.diagnostic.get()
end
vim.wait(20000, function() return status ~= nil and total() > 0 end, 50)
-- Then open the first article with a name-* diagnostic (a name has a
-- hover and can be renamed) and work there.
local function name_diags(b)
  local out_ = {}
  for _, d in ipairs(vim.diagnostic.get(b)) do
    if tostring(d.code):match("^name%-") then table.insert(out_, d) end
  end
  return out_
end
local target = nil
for _, f in ipairs(files) do
  local b = vim.fn.bufnr(f)
  if b ~= -1 and #name_diags(b) > 0 then target = f break end
end
if not target then out("no diagnostics arrived"); finish(1) return end
vim.cmd("edit " .. vim.fn.fnameescape(target))
local buf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buf, client_id)
vim.wait(5000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
local client = vim.lsp.get_client_by_id(client_id)
out("client: " .. (client and client.name or "?") .. ", position encoding: " ..
  tostring(client and client.server_capabilities and client.server_capabilities.positionEncoding or client and client.offset_encoding))
out("status: " .. vim.inspect(status, { newline = " ", indent = "" }))
local files_with = {}
for _, d in ipairs(vim.diagnostic.get()) do
  local name = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(d.bufnr), ":t")
  files_with[name] = (files_with[name] or 0) + 1
end
out("diagnostics in the bundle: " .. total() .. " " .. vim.inspect(files_with, { newline = " ", indent = "" }))
local here = vim.diagnostic.get(buf)
out("diagnostics in " .. vim.fn.fnamemodify(target, ":t") .. ": " .. #here)
for i, d in ipairs(here) do
  if i > 3 then break end
  out(string.format("  %d:%d [%s] %s", d.lnum + 1, d.col + 1, tostring(d.code), d.message))
end
if #here == 0 then finish(1) return end

local d = name_diags(buf)[1]
local params = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = d.lnum, character = d.col + 1 },
}
local res = vim.lsp.buf_request_sync(buf, "textDocument/hover", params, 10000)
local hover = nil
for _, r in pairs(res or {}) do
  if r.result and r.result.contents then hover = r.result.contents.value or vim.inspect(r.result.contents) end
  if (r.err or r.error) then out("hover error: " .. vim.inspect((r.err or r.error))) end
end
out("hover at " .. (d.lnum + 1) .. ":" .. (d.col + 2) .. ":")
out(hover or "(none)")

-- Code actions on the first diagnostic, and a rename of its name.
local ca = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = { start = { line = d.lnum, character = d.col }, ["end"] = { line = d.end_lnum, character = d.end_col } },
  context = { diagnostics = {} },
}, 10000)
for _, r in pairs(ca or {}) do
  for _, a in ipairs(r.result or {}) do
    local edits_n, files_n = count_edits(a.edit)
    out(string.format("code action: %s [%s]%s: %d edit(s) in %d file(s)", a.title, tostring(a.kind),
      a.isPreferred and " (preferred)" or "", edits_n, files_n))
  end
end
local rn = vim.lsp.buf_request_sync(buf, "textDocument/rename", {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = d.lnum, character = d.col + 1 }, newName = "Renamed Name",
}, 10000)
for _, r in pairs(rn or {}) do
  if (r.err or r.error) then out("rename error: " .. (r.err or r.error).message) end
  local edits_n, files_n = count_edits(r.result)
  if r.result then out(string.format("rename: %d edit(s) in %d file(s)", edits_n, files_n)) end
end
local pr = vim.lsp.buf_request_sync(buf, "textDocument/prepareRename", {
  textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = 0, character = 0 },
}, 10000)
for _, r in pairs(pr or {}) do
  out("prepareRename at 1:1: " .. ((r.err or r.error) and ("error: " .. (r.err or r.error).message) or vim.inspect(r.result)))
end
vim.lsp.stop_client(client_id)
finish(hover and 0 or 1)
