"""The Excel files we write: upload templates and workbooks laid out the way offices produce them."""
