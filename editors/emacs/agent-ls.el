;;; agent-ls.el --- agent-ls for Emacs, with eglot  -*- lexical-binding: t -*-

;; Load this file from your init file, or paste the code below into it.  Needs
;; `agent-ls' on `exec-path', eglot (built in from Emacs 29; Debian's Emacs 28:
;; `apt install elpa-eglot', elsewhere `M-x package-install RET eglot') and
;; markdown-mode (Debian: `elpa-markdown-mode'; NonGNU ELPA or MELPA:
;; `markdown-mode').  Without markdown-mode, `.md' files open in
;; `fundamental-mode' and nothing attaches.
;;
;; The server decides which markdown files are agent files and stays silent on
;; the rest, so it is safe on every markdown buffer.

;;; Code:

(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               '(((markdown-mode :language-id "markdown")
                  (gfm-mode :language-id "markdown"))
                 . ("agent-ls"))))

;; gfm-mode derives from markdown-mode and runs this hook too.
(add-hook 'markdown-mode-hook #'eglot-ensure)

(provide 'agent-ls)
;;; agent-ls.el ends here
