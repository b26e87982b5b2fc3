// Sends the upload form with a progress bar. The page answers as it does without scripts, except that the new item's
// address comes as a 201's Location (a redirect would be followed unseen); the form again with what to fix replaces
// the page's main part.
function enhance(form) {
  const progress = form.querySelector("[data-upload-progress]");
  const bar = progress.querySelector("progress");
  const status = progress.querySelector("[data-upload-status]");
  const button = form.querySelector("button[type=submit]");

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("X-Requested-With", "upload");
    progress.hidden = false;
    button.disabled = true;
    request.upload.addEventListener("progress", (e) => {
      if (!e.lengthComputable) return;
      const percent = Math.floor((e.loaded * 100) / e.total);
      bar.value = percent;
      status.textContent = percent < 100 ? `${percent}% sent` : "Sent. Putting it in the library…";
    });
    request.addEventListener("load", () => {
      if (request.status === 413) {
        failed("The file is too large: files up to 200 MB are taken.");
      } else if (request.status === 201) {
        location.assign(request.getResponseHeader("Location"));
      } else if (request.status === 200) {
        const page = new DOMParser().parseFromString(request.responseText, "text/html");
        const main = page.querySelector("main");
        if (!main) return failed("Something went wrong. Please try again.");
        document.querySelector("main").replaceWith(main);
        const again = main.querySelector("form[data-upload-form]");
        if (again) enhance(again);
        main.querySelector(".error-summary")?.focus();
      } else {
        failed("Something went wrong. Please try again.");
      }
    });
    request.addEventListener("error", () => failed("The upload stopped (the connection was lost). Please try again."));
    request.send(new FormData(form));
  });

  function failed(sentence) {
    status.textContent = sentence;
    button.disabled = false;
  }
}

const form = document.querySelector("form[data-upload-form]");
if (form && window.FormData) enhance(form);
