"""Background conversion of generated documents to PDF (huey; immediate in tests)."""

from huey.contrib.djhuey import db_task


@db_task(retries=1, retry_delay=30)
def convert_letter(letter_id):
    from cvv.letters.services import letter_convert

    letter = letter_convert(letter_id)
    return letter.pdf_status if letter else None
