"""WeChat mini-program / QR code webhook (民情诉递二维码), signed as WeChat signs."""
