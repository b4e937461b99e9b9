package io.streetgate.ota.download;

/** The download was stopped through {@link DownloadListener#cancelled()}; its partial file is kept. */
public class DownloadCancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DownloadCancelledException(String message) {
        super(message);
    }
}
