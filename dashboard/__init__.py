"""IOC Dashboard core: store, importing, queries, KPIs, views, workbooks, reports, web server and CLI."""
