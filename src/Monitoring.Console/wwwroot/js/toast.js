// Short messages in the corner: what was done, and urgent alerts that arrive while another screen is open.
export function toast(message, kind = 'info', onClick = null) {
  const box = document.getElementById('toasts');
  if (!box) {
    return;
  }
  const item = document.createElement('div');
  item.className = `toast toast-${kind}`;
  item.textContent = message;
  if (onClick) {
    item.classList.add('clickable');
    item.addEventListener('click', () => {
      onClick();
      item.remove();
    });
  }
  box.append(item);
  setTimeout(() => item.remove(), kind === 'urgent' ? 15000 : 5000);
}
