/**
 * The host of a standalone page (ketawidget/export.py writes it inline into the page, as
 * a module script after the page's parts): it starts the diagram saved in the page with no kernel.
 * Built by esbuild into ketawidget/static/standalone.js, beside the widget's own bundle.
 */

import { startPage } from "./standalone/start_page";

void startPage(document);
