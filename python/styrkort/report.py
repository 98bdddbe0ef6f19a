import html
def html_table(df, status_columns=()):
    return df.to_html(escape=True)
