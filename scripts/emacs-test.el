;;; emacs-test.el --- End-to-end test of `copydesk lsp' through eglot  -*- lexical-binding: t -*-

;; Run by scripts/test-emacs, which writes the made-up bundle (a git
;; repository, so eglot takes it as the project) and the README's Emacs
;; setup block: the setup starts the server when a .txt opens, then
;; diagnostics (through Flymake), a hover, a quick fix whose diagnostic
;; goes before any save, a rename across the bundle and a file created on
;; disk.  Written for Debian 12's Emacs 28.2 with elpa-eglot 1.9; the
;; eglot internals it uses (eglot--TextDocumentPositionParams,
;; eglot--project, eglot--file-watches, eglot--uri-to-path) are also in
;; later eglots.  Exits 0 when every check passes; else prints what
;; failed and exits 1.
;;
;; Batch Emacs has no command loop: nothing runs `post-command-hook'
;; and idle timers never fire.  `copydesk-test--command' and
;; `copydesk-test--wait' stand in for them (end of a command, then
;; Emacs idle), so eglot-ensure, didChange and Flymake run as they do
;; for a user.  Prompts (y-or-n-p, completing-read) are answered with
;; their default and their text is printed.

(require 'cl-lib)
(require 'subr-x)

(defvar copydesk-test-setup (or (getenv "COPYDESK_SETUP") (error "COPYDESK_SETUP unset")))
(defvar copydesk-test-root (file-name-as-directory
                            (or (getenv "COPYDESK_BUNDLE") (error "COPYDESK_BUNDLE unset"))))
(defvar copydesk-test-failed nil)
(defvar copydesk-test-status nil "Params of the last copydesk/status notification.")
(defvar copydesk-test-server nil)
(defvar copydesk-test-publishes nil
  "textDocument/publishDiagnostics params the server sent, newest first.")

(defun copydesk-test-out (fmt &rest args)
  (princ (concat (apply #'format fmt args) "\n")))

(defvar copydesk-test-start (float-time))

(defun copydesk-test-check (ok what)
  (copydesk-test-out "%s %s [%.1fs]" (if ok "ok  " "FAIL") what (- (float-time) copydesk-test-start))
  (unless ok (setq copydesk-test-failed t))
  ok)

(defun copydesk-test-finish ()
  "Shut the server down the way M-x eglot-shutdown does, check that no
process is left, and exit."
  (when (and copydesk-test-server (jsonrpc-running-p copydesk-test-server))
    (let ((servers nil))
      (maphash (lambda (_project list) (setq servers (append list servers)))
               eglot--servers-by-project)
      (copydesk-test-check (equal servers (list copydesk-test-server))
                           (format "one server for the bundle (%d)" (length servers))))
    (let ((pid (process-id (jsonrpc--process copydesk-test-server))))
      (copydesk-test-check (condition-case err
                               (progn (eglot-shutdown copydesk-test-server nil 10) t)
                             (error (copydesk-test-out "     %s" (error-message-string err)) nil))
                           "eglot-shutdown: the server answers shutdown")
      (copydesk-test-check (and (not (jsonrpc-running-p copydesk-test-server))
                                (not (file-exists-p (format "/proc/%d" pid))))
                           (format "no server process left (pid %d)" pid))))
  (kill-emacs (if copydesk-test-failed 1 0)))

(defun copydesk-test-fatal (ok what)
  "Like `copydesk-test-check'; when it fails, stop here."
  (unless (copydesk-test-check ok what) (copydesk-test-finish)))

(defun copydesk-test--command ()
  "What the command loop does when a command ends."
  (run-hooks 'post-command-hook))

(defun copydesk-test--wait (seconds pred)
  "Wait up to SECONDS for PRED, Emacs idle meanwhile.
Runs process output and timers, and fires each idle timer once its
idle delay has passed (batch Emacs never goes idle by itself).
Returns PRED's last value."
  (let* ((start (float-time))
         (deadline (+ start seconds))
         (fired nil)
         (value (funcall pred)))
    (while (and (not value) (< (float-time) deadline))
      (accept-process-output nil 0.05)
      (dolist (timer (copy-sequence timer-idle-list))
        (when (and (not (memq timer fired))
                   (>= (- (float-time) start) (float-time (timer--time timer))))
          (push timer fired)
          (timer-event-handler timer)))
      (setq value (funcall pred)))
    value))

(defun copydesk-test--name-diags ()
  "Flymake's copydesk name diagnostics in the current buffer."
  (cl-remove-if-not
   (lambda (d) (string-match-p "\\[name-[a-z-]+\\]" (flymake-diagnostic-text d)))
   (flymake-diagnostics)))

(defun copydesk-test--line (pos)
  (save-excursion (goto-char pos)
                  (buffer-substring-no-properties (line-beginning-position) (line-end-position))))

(defun copydesk-test--file-text (file)
  "FILE's text as Emacs has it: its buffer when visited, else on disk."
  (let ((buf (find-buffer-visiting file)))
    (if buf
        (with-current-buffer buf (buffer-substring-no-properties (point-min) (point-max)))
      (with-temp-buffer (insert-file-contents file) (buffer-string)))))

(defun copydesk-test-run ()
  ;; What Emacs's startup does when there is an init file: activate the
  ;; installed packages (Debian's elpa-* in /usr/share/emacs/site-lisp/elpa
  ;; or ~/.emacs.d/elpa), so eglot's autoloads are there, as for a user.
  (when (fboundp 'package-activate-all) (package-activate-all))
  (load copydesk-test-setup nil t)
  (copydesk-test-fatal (fboundp 'eglot-ensure) "eglot-ensure is defined after the setup")
  (require 'eglot)
  (copydesk-test-out "== Emacs %s, eglot %s" emacs-version
                     (or (ignore-errors
                           (with-temp-buffer
                             (insert-file-contents (locate-library "eglot.el"))
                             (and (re-search-forward "^;; Version: \\(.*\\)$" nil t)
                                  (match-string 1))))
                         "?"))
  (cl-defmethod eglot-handle-notification
    (_server (_method (eql copydesk/status)) &rest params)
    (setq copydesk-test-status params))
  (advice-add 'eglot-handle-notification :before
              (lambda (_server method &rest params)
                (when (eq method 'textDocument/publishDiagnostics)
                  (push params copydesk-test-publishes))))

  ;; Open the article with the odd spelling, as a user would.
  (find-file (expand-file-name "d.txt" copydesk-test-root))
  (copydesk-test-fatal (eq major-mode 'text-mode) (format "d.txt opens in text-mode (%s)" major-mode))
  (copydesk-test--command)
  (copydesk-test--wait 20 (lambda () (eglot-current-server)))
  (setq copydesk-test-server (eglot-current-server))
  (copydesk-test-fatal copydesk-test-server "the setup starts the server for a .txt (eglot-ensure)")
  (copydesk-test-check (equal (file-truename (project-root (eglot--project copydesk-test-server)))
                              (file-truename copydesk-test-root))
                       "the project root is the bundle folder")

  ;; (1) Diagnostics.
  (copydesk-test--wait 30 (lambda () (and copydesk-test-status (copydesk-test--name-diags))))
  (copydesk-test-check (equal (plist-get copydesk-test-status :articles) 4)
                       (format "status: 4 articles, SOURCES.md left out (%S)" copydesk-test-status))
  (let ((d (car (copydesk-test--name-diags))))
    (copydesk-test-fatal d (format "a name- diagnostic in Flymake for d.txt (all: %S)"
                                   (mapcar #'flymake-diagnostic-text (flymake-diagnostics))))
    (let ((beg (flymake-diagnostic-beg d))
          (end (flymake-diagnostic-end d)))
      (copydesk-test-out "     %s" (flymake-diagnostic-text d))
      (copydesk-test-check (equal (buffer-substring-no-properties beg end) "Dana Whitlock")
                           (format "it is on 'Dana Whitlock' (%s)" (copydesk-test--line beg)))

      ;; (2) Hover at the name.
      (goto-char (1+ beg))
      (let* ((hover (jsonrpc-request copydesk-test-server :textDocument/hover
                                     (eglot--TextDocumentPositionParams)))
             (contents (plist-get hover :contents))
             (text (if (stringp contents) contents (plist-get contents :value))))
        (copydesk-test-fatal (and (stringp text) (string-match-p "Dana Whitlock" text))
                             (format "a hover on the name (%S)"
                                     (if (stringp text) (car (split-string text "\n")) hover)))
        (copydesk-test-check (string-match-p "Dana Whitlok" text) "the hover lists the other spelling")
        (copydesk-test-check (and (<= (length (split-string text "\n")) 40)
                                  (not (string-match-p "file://" text)))
                             (format "the hover is short, without raw URIs (%d lines)"
                                     (length (split-string text "\n")))))

      ;; (3) Quick fix: listed, then applied the way M-x
      ;; eglot-code-actions applies it (RET takes the default, the
      ;; preferred fix); the diagnostic goes before any save.
      (let* ((actions (eglot-code-actions beg end "quickfix"))
             (preferred (cl-find-if (lambda (a) (eq (plist-get a :isPreferred) t)) actions)))
        (copydesk-test-fatal preferred
                             (format "a preferred quick fix among %S"
                                     (mapcar (lambda (a) (plist-get a :title)) actions)))
        (copydesk-test-out "     quick fix: %s" (plist-get preferred :title))
        (setq copydesk-test-publishes nil)
        (let ((last-nonmenu-event ?\r))
          (cl-letf (((symbol-function 'completing-read)
                     (lambda (prompt _collection &optional _pred _req _init _hist def &rest _)
                       (copydesk-test-out "     prompt: %s-> %s" prompt def)
                       (if (consp def) (car def) def))))
            (eglot-code-actions beg end "quickfix" t)))
        (copydesk-test--command)
        (let ((fixed (copydesk-test--line beg)))
          (copydesk-test-check (string-match-p "Dana Whitlok\\b" fixed)
                               (format "the fix wrote 'Dana Whitlok' (%s)" fixed)))
        ;; Gone from Flymake, and because the server said so (a new
        ;; publishDiagnostics for d.txt without it).
        (let ((uri (eglot--path-to-uri buffer-file-name)))
          (copydesk-test-check
           (copydesk-test--wait
            15 (lambda ()
                 (and (null (copydesk-test--name-diags))
                      (cl-some (lambda (p)
                                 (and (equal (plist-get p :uri) uri)
                                      (cl-notany (lambda (d) (string-prefix-p "name-" (format "%s" (plist-get d :code))))
                                                 (plist-get p :diagnostics))))
                               copydesk-test-publishes))))
           (format "the diagnostic is gone after the fix (Flymake: %S; %d publishes)"
                   (mapcar #'flymake-diagnostic-text (copydesk-test--name-diags))
                   (length copydesk-test-publishes))))
        (copydesk-test-check (buffer-modified-p) "... before any save"))

      ;; (4) Rename across the bundle: M-x eglot-rename, the server's
      ;; edit reaches the other articles (eglot asks before editing
      ;; files that are not open: answered yes).
      (goto-char (1+ beg))
      (let* ((params (append (eglot--TextDocumentPositionParams) '(:newName "Dana Whitlow")))
             (edit (jsonrpc-request copydesk-test-server :textDocument/rename params))
             (files (append (cl-loop for (uri _) on (plist-get edit :changes) by #'cddr
                                     collect (eglot--uri-to-path uri))
                            (mapcar (lambda (c) (eglot--uri-to-path
                                                 (plist-get (plist-get c :textDocument) :uri)))
                                    (plist-get edit :documentChanges)))))
        (copydesk-test-check (= (length files) 4)
                             (format "the rename edit reaches the 4 articles (%s)"
                                     (mapconcat #'file-name-nondirectory files " "))))
      (cl-letf (((symbol-function 'y-or-n-p)
                 (lambda (prompt)
                   (copydesk-test-out "     prompt: %s-> y" (replace-regexp-in-string "\n *" " " prompt))
                   t)))
        (eglot-rename "Dana Whitlow"))
      (copydesk-test--command)
      (let ((renamed (copydesk-test--line beg)))
        (copydesk-test-check (string-match-p "Dana Whitlow\\b" renamed)
                             (format "d.txt has the new name (%s)" renamed)))
      (dolist (other '("a.txt" "b.txt" "c.txt"))
        (let ((text (copydesk-test--file-text (expand-file-name other copydesk-test-root))))
          (copydesk-test-check (and (string-match-p "Dana Whitlow\\b" text)
                                    (not (string-match-p "Whitlok" text)))
                               (format "%s has the new name (%s)" other (string-trim text)))))))

  ;; The server asks eglot to watch the bundle's files (eglot uses
  ;; file-notify for it).  A file created on disk is not tested here:
  ;; batch Emacs never reads its event queue, where file-notify events
  ;; arrive, so they are never delivered.
  (copydesk-test-check (gethash "copydesk-watch" (eglot--file-watches copydesk-test-server))
                       "the server's file watch is registered with eglot")
  (copydesk-test-finish))

(condition-case err
    (copydesk-test-run)
  (error
   (copydesk-test-check nil (format "error: %s" (error-message-string err)))
   (copydesk-test-finish)))

;;; emacs-test.el ends here
