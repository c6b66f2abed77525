;;; test.el --- headless test of editors/emacs/agent-ls.el with eglot  -*- lexical-binding: t -*-

;; Run from the repository root:
;;   emacs --batch -q -l editors/emacs/test/test.el
;; `-q', not `-Q': `-Q' also skips Debian's site files that put elpa-eglot on the load path.
;; Uses $AGENT_LS_BIN when set (as .ci/run exports), else `agent-ls' on PATH.  Loads exactly the
;; shipped agent-ls.el, opens an agent file with an unknown tool and a README in a temporary
;; project, and reads the diagnostics back from flymake.  Exits non-zero on any failure.

;;; Code:

(require 'cl-lib)
(require 'subr-x)

(defvar agent-ls-test--here
  (file-name-directory (or load-file-name buffer-file-name)))
(defvar agent-ls-test--timeout 20 "Seconds to wait for each step.")
(defvar agent-ls-test--passes 0)
(defvar agent-ls-test--failures 0)
(defvar agent-ls-test--server nil "The eglot server of the agent file.")
(defvar agent-ls-test--tmp (file-name-as-directory (make-temp-file "agent-ls-emacs-" t)))

(defun agent-ls-test--check (ok what)
  "Record OK for WHAT, printing ok: or FAIL: (all on stderr, in order)."
  (if ok
      (progn (cl-incf agent-ls-test--passes) (message "ok: %s" what))
    (cl-incf agent-ls-test--failures)
    (message "FAIL: %s" what))
  ok)

(defun agent-ls-test--finish (&optional fatal)
  "Stop servers, delete the temporary project and exit; FATAL is an error message."
  (when fatal
    (cl-incf agent-ls-test--failures)
    (message "FAIL: %s" fatal))
  (ignore-errors (when (fboundp 'eglot-shutdown-all) (eglot-shutdown-all)))
  (ignore-errors (delete-directory agent-ls-test--tmp t))
  (message "%d passed, %d failed" agent-ls-test--passes agent-ls-test--failures)
  (kill-emacs (if (zerop agent-ls-test--failures) 0 1)))

(defun agent-ls-test--wait (pred)
  "Poll the server's output until PRED is non-nil or the timeout passes.
Return PRED's last value."
  (let ((deadline (+ (float-time) agent-ls-test--timeout))
        value)
    (while (and (not (setq value (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    value))

(defun agent-ls-test--version (pkg)
  "The installed version of package PKG, or \"built in\"."
  (let ((desc (cadr (assq pkg package-alist))))
    (if desc (package-version-join (package-desc-version desc)) "built in")))

(defun agent-ls-test--write (file text)
  (make-directory (file-name-directory file) t)
  (with-temp-file file (insert text)))

(defun agent-ls-test--open (file)
  "Visit FILE as a user would: `find-file', then end the command.
`eglot-ensure' (in the config's markdown-mode hook) connects at the end of
the command, from `post-command-hook', which batch mode never runs itself."
  (find-file file)
  (run-hooks 'post-command-hook)
  (current-buffer))

(defun agent-ls-test--diags (buffer &optional code)
  "Flymake's diagnostics in BUFFER that agent-ls published, with CODE when given."
  (with-current-buffer buffer
    (cl-remove-if-not
     (lambda (d)
       (let ((lsp (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d))))
         (and lsp
              (equal (plist-get lsp :source) "agent-ls")
              (or (null code) (equal (plist-get lsp :code) code)))))
     (flymake-diagnostics))))

(defun agent-ls-test--pos (buffer pos)
  "(LINE . COLUMN) of POS in BUFFER, LINE 1-based, COLUMN 0-based."
  (with-current-buffer buffer
    (save-excursion
      (goto-char pos)
      (cons (line-number-at-pos) (current-column)))))

(defun agent-ls-test--run ()
  ;; Keep the test away from the user's files: no personal packages, nothing written in ~/.emacs.d.
  (setq user-emacs-directory (expand-file-name "emacs.d/" agent-ls-test--tmp)
        package-user-dir (expand-file-name "elpa" user-emacs-directory))
  (with-no-warnings (setq project-list-file (expand-file-name "projects" user-emacs-directory)))
  ;; What a normal start does and `-q' skips: activate the installed packages (eglot and
  ;; markdown-mode from Debian's elpa-* packages, or their autoloads when built in).
  (package-activate-all)
  (unless (locate-library "eglot")
    (agent-ls-test--finish "eglot is not installed (Debian: apt-get install elpa-eglot)"))
  (unless (fboundp 'markdown-mode)
    (agent-ls-test--finish "markdown-mode is not installed (Debian: apt-get install elpa-markdown-mode)"))

  ;; The binary: $AGENT_LS_BIN through a link named agent-ls first on exec-path, so the shipped
  ;; config runs unchanged; otherwise agent-ls from PATH.
  (let ((bin (getenv "AGENT_LS_BIN")))
    (when (and bin (not (string-empty-p bin)))
      (setq bin (expand-file-name bin))
      (unless (file-executable-p bin)
        (agent-ls-test--finish (format "AGENT_LS_BIN=%s is not an executable file" bin)))
      (let ((dir (expand-file-name "bin/" agent-ls-test--tmp)))
        (make-directory dir t)
        (make-symbolic-link bin (expand-file-name "agent-ls" dir))
        (push dir exec-path)
        (setenv "PATH" (concat dir path-separator (getenv "PATH"))))))
  (let ((found (executable-find "agent-ls")))
    (unless found
      (agent-ls-test--finish "agent-ls is neither in $AGENT_LS_BIN nor on PATH"))
    (message "agent-ls: %s" (file-truename found)))

  ;; The shipped configuration, loaded the way README says.
  (load (expand-file-name "../agent-ls.el" agent-ls-test--here) nil t)
  (require 'eglot)
  (message "Emacs %s, eglot %s, markdown-mode %s" emacs-version
           (agent-ls-test--version 'eglot) (agent-ls-test--version 'markdown-mode))
  (let ((entry (cl-find-if (lambda (e) (equal (cdr e) '("agent-ls"))) eglot-server-programs)))
    (agent-ls-test--check entry "config adds (\"agent-ls\") to eglot-server-programs"))

  ;; One project (as a git repository would be) holding an agent file and a README.
  (let* ((root agent-ls-test--tmp)
         (agent (expand-file-name ".claude/agents/bad.md" root))
         (readme (expand-file-name "README.md" root)))
    (add-hook 'project-find-functions
              (lambda (dir)
                (when (string-prefix-p root (file-name-as-directory (expand-file-name dir)))
                  (cons 'transient root))))
    (agent-ls-test--write agent (concat "---\n"
                                        "name: bad\n"
                                        "description: Use this agent to check tool names.\n"
                                        "tools: Read, Reed\n"
                                        "---\n"
                                        "You check tool names.\n"))
    (agent-ls-test--write readme "# Project\n\nNotes: nothing here.\n")

    (let ((buf (agent-ls-test--open agent)))
      (agent-ls-test--check (eq major-mode 'markdown-mode)
                            (format "agent file opens in markdown-mode (%s)" major-mode))
      (unless (agent-ls-test--check (agent-ls-test--wait (lambda () (eglot-managed-p)))
                                    "eglot manages the agent file")
        (agent-ls-test--finish "eglot did not attach; see *EGLOT* events"))
      (let ((server (setq agent-ls-test--server (eglot-current-server))))
        (agent-ls-test--check (equal (plist-get (eglot--server-info server) :name) "agent-ls")
                              "the server is agent-ls"))
      (let ((tool (car (agent-ls-test--wait (lambda () (agent-ls-test--diags buf "unknown-tool"))))))
        (if (not (agent-ls-test--check tool "flymake shows agent-ls's unknown-tool diagnostic"))
            (message "flymake has: %S" (mapcar #'flymake-diagnostic-text (flymake-diagnostics)))
          (let ((beg (agent-ls-test--pos buf (flymake-diagnostic-beg tool)))
                (end (agent-ls-test--pos buf (flymake-diagnostic-end tool))))
            ;; line 4, columns 13..17: exactly `Reed'
            (agent-ls-test--check (and (equal beg '(4 . 13)) (equal end '(4 . 17)))
                                  (format "range is line 4, columns 13-17 (got %S-%S)" beg end))
            (agent-ls-test--check (equal (buffer-substring-no-properties
                                          (flymake-diagnostic-beg tool) (flymake-diagnostic-end tool))
                                         "Reed")
                                  "the range covers exactly `Reed'")
            (agent-ls-test--check (eq (flymake-diagnostic-type tool) 'eglot-warning)
                                  "it is a warning")
            (agent-ls-test--check (string-match-p "Reed" (flymake-diagnostic-text tool))
                                  (format "message names the tool: %s" (flymake-diagnostic-text tool)))))
        (let ((all (cl-remove 'eglot-note (agent-ls-test--diags buf) :key #'flymake-diagnostic-type)))
          (unless (agent-ls-test--check (= (length all) 1) "no other warning or error on the agent file")
            (message "flymake has: %S" (mapcar #'flymake-diagnostic-text all))))))

    ;; A README in the same project: managed by the same server, and silent.
    (let ((buf (agent-ls-test--open readme)))
      (agent-ls-test--check (agent-ls-test--wait (lambda () (eglot-managed-p)))
                            "eglot manages README.md")
      (agent-ls-test--check (eq (eglot-current-server) agent-ls-test--server)
                            "with the same server as the agent file")
      ;; a request answered means the server has handled the didOpen before it
      (agent-ls-test--check
       (ignore-errors
         (jsonrpc-request (eglot-current-server) :textDocument/hover
                          (list :textDocument (eglot--TextDocumentIdentifier)
                                :position (list :line 0 :character 2)))
         t)
       "the server answers on README.md")
      (accept-process-output nil 0.5)
      (agent-ls-test--check (null (with-current-buffer buf (flymake-diagnostics)))
                            "README.md gets no diagnostics"))))

(condition-case err
    (agent-ls-test--run)
  (error (agent-ls-test--finish (format "error: %s" (error-message-string err)))))
(agent-ls-test--finish)

;;; test.el ends here
