// Live preview: while she types, the preview below the form is redrawn by the server (the same rendering the Preview
// button gives without JavaScript).
const form = document.querySelector("[data-newsletter-compose]");
if (form) {
    let timer;
    const refresh = async () => {
        const data = new FormData(form);
        const response = await fetch("?handler=PreviewFragment", { method: "POST", body: data, credentials: "same-origin" });
        if (response.ok) {
            document.querySelector("[data-newsletter-preview]").outerHTML = await response.text();
        }
    };
    form.addEventListener("input", () => {
        clearTimeout(timer);
        timer = setTimeout(refresh, 400);
    });
}
