"""The dashboards app's REST API: the metric registry and a partnership's figures by month."""
