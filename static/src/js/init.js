// ES module (load with <script type="module">): starts every GOV.UK Frontend component.
// The path is relative to static/dist/js/, where scripts/build-assets.mjs copies this file.
import { initAll } from '../govuk/govuk-frontend.min.js'

initAll()
