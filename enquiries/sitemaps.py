from genesis_site.seo import UrlNamesSitemap


class EnquiryFormSitemap(UrlNamesSitemap):
    url_names = ["enquiries:create"]
