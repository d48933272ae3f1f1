"""The files written beside the pages for feed readers and search engines: the Atom feeds, the
sitemap, robots.txt and CNAME. (Publishing the site is the Pages workflow's job, not this package's.)

May import: penjelas.core, penjelas.content, penjelas.site.
"""
