"""``make serve``: the live preview, which rebuilds into its own folder as the editor saves and tells
open pages to reload.

Its modules, from the command down:

- ``server``: ``serve()`` (what ``build.py serve`` runs), the tornado application's wiring, and where the
  preview is built (``PREVIEW_DIR``) and what it watches (``WATCHED``).
- ``builder``: the rebuild loop (``Builder``, a thread) and its timings (``POLL_SECONDS`` and the rest).
- ``rebuild``: one build of the preview (``Preview``) and what it did (``Outcome``).
- ``watcher``: looking at the watched files for changes (``Watcher``).
- ``notices``: the operating system's notices of changes (``FileEvents``, ``Notices``).
- ``guard``: the Host and Origin checks (``Address``, ``is_loopback``) and the handler every HTTP answer
  goes through (``Guarded``).
- ``files``: serving the preview folder's files (``SiteHandler``).
- ``reload``: livereload's script and websocket (``ScriptHandler``, ``ReloadSocket``,
  ``inject_reload_script``, ``page_for``) and which open pages a rebuild reloads (``Hub``).
- ``pages``: the error and not-found pages, made without the site's templates.
- ``report``: what the terminal says after each build.
- ``lock``: one preview of a project at a time (``lock_preview``).

May import: penjelas.core, penjelas.content, penjelas.site, penjelas.render, penjelas.output, penjelas.build.
"""
