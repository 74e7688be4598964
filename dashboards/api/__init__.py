"""The dashboards app's REST API: the metric registry, a partnership's figures by month, and
the monthly report runs (AT return, board pack): list, request, download."""
