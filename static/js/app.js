// Our only script: starts the NHS.UK components. A static module, so the CSP needs no inline code.
import { initAll } from "../vendor/nhsuk-frontend/nhsuk-frontend.min.js";

initAll();
