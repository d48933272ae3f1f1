"""The files written beside the pages for feed readers and search engines: the Atom feeds, the
sitemap, robots.txt and CNAME. (Publishing the site is the Pages workflow's job, not this package's.)

Modules: ``plan`` (which of these files a site has), ``atom`` (the feeds), ``sitemap`` (sitemap.xml and
robots.txt) and ``xmlwriter`` (the XML both are written with).

May import: penjelas.core, penjelas.content, penjelas.site.
"""
