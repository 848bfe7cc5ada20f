// Progressive enhancement for a document's status page (templates/workwell/document_status.html):
// while the file is being made, fetch the page again every few seconds and swap in its status
// region (an aria-live region, so the change is announced), until it is ready or has failed.
// Without JavaScript the page's "Check again" button does the same by hand.
const POLL_MS = 2000
const region = document.getElementById('document-status')

function finished (status) {
  return status === 'ready' || status === 'failed'
}

async function poll () {
  try {
    const response = await fetch(window.location.href, { credentials: 'same-origin' })
    if (response.ok) {
      const page = new DOMParser().parseFromString(await response.text(), 'text/html')
      const fresh = page.getElementById('document-status')
      if (fresh) {
        region.innerHTML = fresh.innerHTML
        region.dataset.documentStatus = fresh.dataset.documentStatus
      }
    }
  } catch (error) {
    // A dropped connection: try again on the next tick.
  }
  if (!finished(region.dataset.documentStatus)) {
    window.setTimeout(poll, POLL_MS)
  }
}

if (region && !finished(region.dataset.documentStatus)) {
  window.setTimeout(poll, POLL_MS)
}
